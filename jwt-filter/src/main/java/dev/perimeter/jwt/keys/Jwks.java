package dev.perimeter.jwt.keys;

import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.internal.StrictJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads JSON Web Keys (RFC 7517) into {@link VerificationKey}s: kty {@code RSA}, {@code EC},
 * {@code OKP} (Ed25519) and {@code oct}. Keys marked for another use ({@code use} other than
 * {@code sig}, or {@code key_ops} without {@code verify}) and keys for algorithms that
 * {@code algorithms} does not allow are skipped; a key without {@code alg} gets one only when its
 * kind and the allowed algorithms leave exactly one choice.
 */
public final class Jwks {

    /** Fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Jwks() {
    }

    /**
     * Parses a JWKS document ({@code {"keys":[…]}}).
     *
     * @param json    the document
     * @param allowed the algorithms keys may be bound to
     * @param issuer  the issuer the keys vouch for, or null for all
     * @param origin  where the document came from, for messages
     * @param skipped told why each skipped key was skipped
     * @throws IllegalArgumentException when the document or a key in it is invalid
     */
    public static List<VerificationKey> parseSet(byte[] json, Set<JwsAlgorithm> allowed,
            String issuer, String origin, Consumer<String> skipped) {
        return parseSet(json, allowed, issuer, origin, skipped, false);
    }

    /**
     * Parses a JWKS document; with {@code skipInvalidKeys}, a key that is invalid, too weak or
     * ambiguous is skipped (and reported to {@code skipped}) instead of failing the whole set, as
     * suits a provider's set that the application does not control.
     *
     * @throws IllegalArgumentException when the document is invalid, or a key and not skipping
     */
    public static List<VerificationKey> parseSet(byte[] json, Set<JwsAlgorithm> allowed,
            String issuer, String origin, Consumer<String> skipped, boolean skipInvalidKeys) {
        List<VerificationKey> keys = new ArrayList<>();
        for (Parsed parsed : parseEntries(json, allowed, issuer, origin, skipped, skipInvalidKeys,
                List.of())) {
            keys.add(parsed.key);
        }
        return keys;
    }

    /** One JWK of a set and the key made from it. */
    static final class Parsed {
        final Map<String, Object> jwk;
        final VerificationKey key;

        Parsed(Map<String, Object> jwk, VerificationKey key) {
            this.jwk = jwk;
            this.key = key;
        }
    }

    /**
     * As {@link #parseSet(byte[], Set, String, String, Consumer, boolean)}, keeping which JWK
     * gave which key. A JWK equal, member for member, to one in {@code previous} (with the same
     * issuer and origin) gets the very key made from it then: a refetch of an unchanged set then
     * changes no key, and tokens verified with it need not be verified again.
     */
    static List<Parsed> parseEntries(byte[] json, Set<JwsAlgorithm> allowed, String issuer,
            String origin, Consumer<String> skipped, boolean skipInvalidKeys, List<Parsed> previous) {
        if (startsLikePem(json)) {
            String text = new String(json, StandardCharsets.UTF_8).trim();
            if (PemKeys.looksLikePem(text)) {
                return List.of(pemEntry(text, allowed, issuer, origin, previous));
            }
        }
        Map<String, Object> document;
        try {
            document = StrictJson.parseObject(json);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException("not a JWKS document: " + e.getMessage());
        }
        Object keys = document.get("keys");
        if (!(keys instanceof List)) {
            throw new IllegalArgumentException("not a JWKS document: no \"keys\" array");
        }
        List<Parsed> result = new ArrayList<>();
        int index = 0;
        for (Object entry : (List<?>) keys) {
            try {
                if (!(entry instanceof Map)) {
                    throw new IllegalArgumentException("keys[" + index + "] is not a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> jwk = (Map<String, Object>) entry;
                VerificationKey key = sameAsBefore(jwk, issuer, origin, previous);
                if (key == null) {
                    key = parseKey(jwk, allowed, issuer, origin, skipped);
                }
                if (key != null) {
                    result.add(new Parsed(jwk, key));
                }
            } catch (IllegalArgumentException e) {
                if (!skipInvalidKeys) {
                    throw e;
                }
                skipped.accept(e.getMessage());
            }
            index++;
        }
        return result;
    }

    /** Whether the first byte after white space is the {@code -} of {@code -----BEGIN}. */
    private static boolean startsLikePem(byte[] document) {
        for (byte b : document) {
            if (!Character.isWhitespace(b)) {
                return b == '-';
            }
        }
        return false;
    }

    /**
     * A document that is one PEM public key or certificate rather than a JWKS (MicroProfile JWT's
     * {@code mp.jwt.verify.publickey.location} may name either): one key, bound as a JWK would be.
     */
    private static Parsed pemEntry(String pem, Set<JwsAlgorithm> allowed, String issuer,
            String origin, List<Parsed> previous) {
        Map<String, Object> entry = Map.of("pem", pem);
        VerificationKey key = sameAsBefore(entry, issuer, origin, previous);
        if (key == null) {
            key = Keys.publicKey(PemKeys.parsePublicKey(pem), allowed, origin).boundTo(issuer);
        }
        return new Parsed(entry, key);
    }

    private static VerificationKey sameAsBefore(Map<String, Object> jwk, String issuer, String origin,
            List<Parsed> previous) {
        for (Parsed earlier : previous) {
            if (earlier.jwk.equals(jwk) && java.util.Objects.equals(earlier.key.issuer(), issuer)
                    && earlier.key.origin().equals(origin)) {
                return earlier.key;
            }
        }
        return null;
    }

    /**
     * Parses one JWK, or returns null when it is not meant for verifying JWS with an allowed
     * algorithm.
     *
     * @throws IllegalArgumentException when the key is invalid, too weak, or its algorithm
     *                                  ambiguous
     */
    public static VerificationKey parseKey(Map<String, Object> jwk, Set<JwsAlgorithm> allowed,
            String issuer, String origin, Consumer<String> skipped) {
        String kid = optionalString(jwk, "kid");
        String name = kid == null ? "a key without kid" : "key '" + kid + "'";
        String kty = requiredString(jwk, "kty", name);
        String use = optionalString(jwk, "use");
        if (use != null && !"sig".equals(use)) {
            skipped.accept(name + ": use is '" + use + "', not 'sig'");
            return null;
        }
        Object keyOps = jwk.get("key_ops");
        if (keyOps != null && !(keyOps instanceof List && ((List<?>) keyOps).contains("verify"))) {
            skipped.accept(name + ": key_ops does not include 'verify'");
            return null;
        }
        String alg = optionalString(jwk, "alg");
        JwsAlgorithm declared = null;
        if (alg != null) {
            declared = JwsAlgorithm.byName(alg);
            if (declared == null) {
                skipped.accept(name + ": alg '" + alg + "' is not a supported JWS algorithm");
                return null;
            }
            if (!allowed.contains(declared)) {
                skipped.accept(name + ": alg " + alg + " is not in 'algorithms'");
                return null;
            }
        }
        try {
            SignatureCheck verifier;
            JwsAlgorithm algorithm;
            if ("oct".equals(kty)) {
                byte[] secret = bytes(jwk, "k", name);
                algorithm = declared != null ? declared : AlgorithmBinding.forSecret(allowed);
                verifier = algorithm.verifierFor(secret);
            } else {
                PublicKey key = publicKey(jwk, kty, name);
                algorithm = declared != null ? declared : AlgorithmBinding.forPublicKey(key, allowed);
                verifier = algorithm.verifierFor(key);
            }
            return new VerificationKey(kid, algorithm, issuer, verifier, origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(Map<String, Object> jwk, String kty, String name) {
        try {
            switch (kty) {
                case "RSA":
                    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            unsigned(jwk, "n", name), unsigned(jwk, "e", name)));
                case "EC":
                    return ecKey(jwk, name);
                case "OKP":
                    return edKey(jwk, name);
                default:
                    throw new IllegalArgumentException("unsupported kty '" + kty + "'");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid " + kty + " key");
        }
    }

    private static PublicKey ecKey(Map<String, Object> jwk, String name)
            throws GeneralSecurityException {
        String crv = requiredString(jwk, "crv", name);
        ECParameterSpec spec = StandardCurves.parameters(crv);
        if (spec == null) {
            throw new IllegalArgumentException("unsupported EC curve '" + crv + "'");
        }
        int length = (spec.getCurve().getField().getFieldSize() + 7) / 8;
        byte[] x = bytes(jwk, "x", name);
        byte[] y = bytes(jwk, "y", name);
        if (x.length != length || y.length != length) {
            throw new IllegalArgumentException("x and y must be " + length + " bytes for " + crv);
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!isOnCurve(point, spec.getCurve())) {
            throw new IllegalArgumentException("the point (x, y) is not on " + crv);
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    /** y² = x³ + ax + b (mod p): refuses points an attacker chose off the curve. */
    private static boolean isOnCurve(ECPoint point, EllipticCurve curve) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static PublicKey edKey(Map<String, Object> jwk, String name)
            throws GeneralSecurityException {
        String crv = requiredString(jwk, "crv", name);
        if (!"Ed25519".equals(crv)) {
            throw new IllegalArgumentException("unsupported OKP curve '" + crv
                    + "'; only Ed25519 is supported");
        }
        byte[] x = bytes(jwk, "x", name);
        if (x.length != 32) {
            throw new IllegalArgumentException("x must be 32 bytes for Ed25519");
        }
        byte[] der = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, der, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new java.security.spec.X509EncodedKeySpec(der));
    }

    private static BigInteger unsigned(Map<String, Object> jwk, String member, String name) {
        return new BigInteger(1, bytes(jwk, member, name));
    }

    private static byte[] bytes(Map<String, Object> jwk, String member, String name) {
        byte[] bytes = Base64Url.decodeCanonical(requiredString(jwk, member, name));
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("'" + member + "' is not base64url");
        }
        return bytes;
    }

    private static String requiredString(Map<String, Object> jwk, String member, String name) {
        String value = optionalString(jwk, member);
        if (value == null) {
            throw new IllegalArgumentException(name + " has no '" + member + "'");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> jwk, String member) {
        Object value = jwk.get(member);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("'" + member + "' is not a string");
        }
        return (String) value;
    }
}
