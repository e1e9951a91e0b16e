package dev.perimeter.jwt.keys;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Chooses the one algorithm a key without an {@code alg} may verify, from the key's kind and the
 * configured {@code algorithms}; refuses when the choice is not unambiguous.
 */
final class AlgorithmBinding {

    private AlgorithmBinding() {
    }

    /** The algorithm for a public key, or an exception saying why there is no single one. */
    static JwsAlgorithm forPublicKey(PublicKey key, Set<JwsAlgorithm> allowed) {
        if (key instanceof RSAPublicKey) {
            return single(JwsAlgorithm.ofFamily(allowed, JwsAlgorithm.Family.RSA), "an RSA key",
                    "RS256, RS384, RS512, PS256, PS384 or PS512");
        }
        if (key instanceof ECPublicKey) {
            int bits = ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
            JwsAlgorithm algorithm = JwsAlgorithm.forCurveBits(bits);
            if (algorithm == null) {
                throw new IllegalArgumentException("an EC key on an unsupported " + bits
                        + "-bit curve; P-256, P-384 and P-521 are supported");
            }
            return requireAllowed(algorithm, allowed, "an EC key on " + algorithm.curveName());
        }
        if ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
            return requireAllowed(JwsAlgorithm.EdDSA, allowed, "an Ed25519 key");
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    /** The algorithm for an HMAC secret. */
    static JwsAlgorithm forSecret(Set<JwsAlgorithm> allowed) {
        return single(JwsAlgorithm.ofFamily(allowed, JwsAlgorithm.Family.HMAC), "an HMAC secret",
                "HS256, HS384 or HS512");
    }

    static JwsAlgorithm requireAllowed(JwsAlgorithm algorithm, Set<JwsAlgorithm> allowed,
            String what) {
        if (!allowed.contains(algorithm)) {
            throw new IllegalArgumentException(what + " verifies " + algorithm
                    + ", which 'algorithms' does not allow (it allows " + allowed + ")");
        }
        return algorithm;
    }

    private static JwsAlgorithm single(Set<JwsAlgorithm> candidates, String what, String choices) {
        if (candidates.size() == 1) {
            return candidates.iterator().next();
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(what + " needs one of " + choices
                    + " in 'algorithms'");
        }
        throw new IllegalArgumentException("the algorithm of " + what + " is ambiguous: "
                + "'algorithms' allows " + candidates + "; allow only one, or give the key an alg");
    }
}
