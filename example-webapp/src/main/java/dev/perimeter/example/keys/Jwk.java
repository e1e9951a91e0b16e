package dev.perimeter.example.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Public keys as JSON Web Keys (RFC 7517, 7518) and their thumbprints (RFC 7638). */
public final class Jwk {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwk() {
    }

    /** The public JWK of {@code key} with {@code kid}, {@code alg} and {@code use=sig}. */
    public static Map<String, Object> of(PublicKey key, String kid, SigningAlgorithm algorithm) {
        Map<String, Object> jwk = new LinkedHashMap<>(members(key));
        jwk.put("kid", kid);
        jwk.put("alg", algorithm.name());
        jwk.put("use", "sig");
        return jwk;
    }

    /**
     * The RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, without
     * white space, base64url-encoded. The default {@code kid}.
     */
    public static String thumbprint(PublicKey key) {
        Map<String, Object> members = members(key);
        StringBuilder json = new StringBuilder("{");
        members.keySet().stream().sorted().forEach(name -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(name).append("\":\"").append(members.get(name)).append('"'));
        json.append('}');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** The members that define the key: {@code kty, n, e} or {@code kty, crv, x, y}. */
    private static Map<String, Object> members(PublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            jwk.put("kty", "RSA");
            jwk.put("n", unsigned(rsa.getModulus(), 0));
            jwk.put("e", unsigned(rsa.getPublicExponent(), 0));
        } else if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            if (size != 32) {
                throw new IllegalArgumentException("only P-256 keys are supported");
            }
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", unsigned(ec.getW().getAffineX(), size));
            jwk.put("y", unsigned(ec.getW().getAffineY(), size));
        } else {
            throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        }
        return jwk;
    }

    /** Big-endian bytes without a sign byte, left-padded to {@code length} when it is not 0. */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return BASE64URL.encodeToString(bytes);
    }
}
