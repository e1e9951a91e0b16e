package dev.perimeter.jwt;

import com.auth0.jwt.exceptions.SignatureVerificationException;
import dev.perimeter.jwt.config.TokenTypes;
import dev.perimeter.jwt.internal.CompactJws;
import dev.perimeter.jwt.internal.SignedParts;
import dev.perimeter.jwt.internal.StrictJson;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the JWS layer of a compact token: structure, header and signature, before any byte of
 * the payload is parsed. {@link TokenVerifier} adds the claims; this class alone is what the
 * Wycheproof conformance vectors exercise, since their payloads are not claim sets.
 */
public final class JwsVerifier {

    /** Header parameters that let a token choose its own key: never trusted (RFC 8725 3.10). */
    private static final String[] KEY_CARRYING_HEADERS = {"jwk", "jku", "x5u", "x5c"};

    private final KeySource keySource;
    private final Set<JwsAlgorithm> algorithms;
    private final TokenTypes tokenTypes;

    public JwsVerifier(KeySource keySource, Set<JwsAlgorithm> algorithms, TokenTypes tokenTypes) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
        this.algorithms = Set.copyOf(algorithms);
        this.tokenTypes = Objects.requireNonNull(tokenTypes, "tokenTypes");
    }

    /** A token whose signature was verified, with its header parsed and payload still raw. */
    public static final class Verified {
        private final CompactJws jws;
        private final Map<String, Object> header;
        private final VerificationKey key;

        Verified(CompactJws jws, Map<String, Object> header, VerificationKey key) {
            this.jws = jws;
            this.header = header;
            this.key = key;
        }

        public Map<String, Object> header() {
            return header;
        }

        public VerificationKey key() {
            return key;
        }

        /** The payload's bytes, decoded from base64url, not parsed. */
        public byte[] payload() {
            return jws.decodePayload();
        }
    }

    /** Outcome: exactly one of {@link #verified} and {@link #rejection} is set. */
    public static final class Outcome {
        private final Verified verified;
        private final VerificationResult rejection;

        private Outcome(Verified verified, VerificationResult rejection) {
            this.verified = verified;
            this.rejection = rejection;
        }

        public boolean isVerified() {
            return verified != null;
        }

        public Verified verified() {
            return verified;
        }

        /** The rejection, as a {@link VerificationResult}, when not verified. */
        public VerificationResult rejection() {
            return rejection;
        }
    }

    /** Verifies {@code token}'s structure, header and signature. Never throws for bad input. */
    public Outcome verify(String token) {
        if (token == null) {
            return reject(Rejection.MALFORMED);
        }
        CompactJws jws = CompactJws.split(token);
        if (jws == null) {
            return reject(Rejection.MALFORMED,
                    "the token is not three canonical base64url segments");
        }
        Map<String, Object> header;
        try {
            header = StrictJson.parseObject(jws.decodeHeader());
        } catch (StrictJson.MalformedJsonException e) {
            return reject(Rejection.MALFORMED, "the token header is malformed: " + e.getMessage());
        }
        for (String name : KEY_CARRYING_HEADERS) {
            if (header.containsKey(name)) {
                return reject(Rejection.FORBIDDEN_HEADER);
            }
        }
        if (header.containsKey("crit")) {
            // Perimeter understands no JWS extension, so any critical one must be refused.
            return reject(Rejection.UNSUPPORTED_CRITICAL);
        }
        Object alg = header.get("alg");
        JwsAlgorithm algorithm = alg instanceof String ? JwsAlgorithm.byName((String) alg) : null;
        if (algorithm == null || !algorithms.contains(algorithm)) {
            return reject(Rejection.ALGORITHM_NOT_ALLOWED);
        }
        Object typ = header.get("typ");
        if ((typ != null && !(typ instanceof String)) || !tokenTypes.accepts((String) typ)) {
            return reject(Rejection.TYPE_NOT_ACCEPTED);
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            return reject(Rejection.MALFORMED, "the token header's kid is not a string");
        }
        String keyId = (String) kid;
        KeySet keys = keySource.current();
        if (keys == null) {
            return reject(Rejection.KEYS_UNAVAILABLE);
        }
        VerificationKey key = keys.find(keyId, algorithm);
        if (key == null) {
            return reject(keys.hasKeyId(keyId) ? Rejection.ALGORITHM_MISMATCH : Rejection.UNKNOWN_KEY);
        }
        try {
            key.verifier().verify(new SignedParts(jws, keyId));
        } catch (SignatureVerificationException e) {
            return reject(Rejection.BAD_SIGNATURE);
        } catch (RuntimeException e) {
            // The library's fault on hostile input (say, a malformed DER structure) is still the
            // token's problem: never a 500.
            return reject(Rejection.BAD_SIGNATURE);
        }
        return new Outcome(new Verified(jws, header, key), null);
    }

    private static Outcome reject(Rejection rejection) {
        return new Outcome(null, VerificationResult.rejected(rejection));
    }

    private static Outcome reject(Rejection rejection, String detail) {
        return new Outcome(null, VerificationResult.rejected(rejection, detail));
    }
}
