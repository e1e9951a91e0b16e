package dev.perimeter.example;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client's DPoP key (EC P-256, ES256) and the proofs it signs (RFC 9449 section 4.2), made
 * with the JDK alone: {@code SHA256withECDSAinP1363Format} gives the JOSE form of the signature
 * (r || s). Each proof has a fresh random {@code jti} and the current {@code iat}; a test that
 * wants a bad proof changes the header or the claims before signing.
 */
final class DpopProofs {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair key;
    private final Map<String, Object> jwk;

    private DpopProofs(KeyPair key) {
        this.key = key;
        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("kty", "EC");
        members.put("crv", "P-256");
        members.put("x", coordinate(publicKey.getW().getAffineX()));
        members.put("y", coordinate(publicKey.getW().getAffineY()));
        this.jwk = Map.copyOf(members);
    }

    /** A new P-256 key. */
    static DpopProofs newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new DpopProofs(generator.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWK: {@code kty}, {@code crv}, {@code x}, {@code y}. */
    Map<String, Object> jwk() {
        return jwk;
    }

    /** The RFC 7638 thumbprint: what a token bound to this key has in {@code cnf.jkt}. */
    String thumbprint() {
        String json = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\""
                + jwk.get("y") + "\"}";
        return BASE64URL.encodeToString(sha256(json));
    }

    /** A proof for a token endpoint: {@code htm} and {@code htu}, no {@code ath}. */
    String proof(String method, String url) {
        return proof(method, url, null, header -> { }, claims -> { });
    }

    /** A proof for a resource, with {@code ath} the hash of {@code accessToken}. */
    String proof(String method, String url, String accessToken) {
        return proof(method, url, accessToken, header -> { }, claims -> { });
    }

    /**
     * A proof whose header and claims {@code header} and {@code claims} may change (put, remove)
     * before it is signed.
     */
    String proof(String method, String url, String accessToken,
            Consumer<Map<String, Object>> header, Consumer<Map<String, Object>> claims) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("typ", "dpop+jwt");
        head.put("alg", "ES256");
        head.put("jwk", jwk);
        header.accept(head);
        Map<String, Object> body = new LinkedHashMap<>();
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        body.put("jti", BASE64URL.encodeToString(jti));
        body.put("htm", method);
        body.put("htu", url);
        body.put("iat", Instant.now().getEpochSecond());
        if (accessToken != null) {
            body.put("ath", BASE64URL.encodeToString(sha256(accessToken)));
        }
        claims.accept(body);
        try {
            String input = BASE64URL.encodeToString(RunningExample.JSON.writeValueAsBytes(head)) + "."
                    + BASE64URL.encodeToString(RunningExample.JSON.writeValueAsBytes(body));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + BASE64URL.encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC coordinate as JWK wants it: 32 bytes, big-endian, unsigned, base64url. */
    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return BASE64URL.encodeToString(fixed);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DpopProofs[" + thumbprint() + "]";
    }
}
