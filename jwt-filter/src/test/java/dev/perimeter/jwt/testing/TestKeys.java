package dev.perimeter.jwt.testing;

import dev.perimeter.jwt.internal.Base64Url;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Keys for tests, generated once per JVM with the JDK. */
public final class TestKeys {

    public static final KeyPair RSA = generate("RSA", 2048);
    public static final KeyPair RSA_OTHER = generate("RSA", 2048);
    public static final KeyPair RSA_1024 = generate("RSA", 1024);
    public static final KeyPair EC_P256 = generateEc("secp256r1");
    public static final KeyPair EC_P384 = generateEc("secp384r1");
    public static final KeyPair EC_P521 = generateEc("secp521r1");
    public static final KeyPair ED25519 = generate("Ed25519", 0);

    /** 32, 48 and 64-byte HMAC secrets, as text (the filter takes the UTF-8 bytes). */
    public static final String SECRET_256 = "perimeter-test-secret-of-32-byte";
    public static final String SECRET_384 = "perimeter-test-secret-of-48-bytes-for-hs384-use!";
    public static final String SECRET_512 = "perimeter-test-secret-of-64-bytes-for-hs512-use-in-tests-only!!!";

    private TestKeys() {
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** PEM SubjectPublicKeyInfo of a public key. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A public JWK (JSON text) for a key, with the given kid and alg (either may be null). */
    public static String jwk(PublicKey key, String kid, String alg) {
        StringBuilder json = new StringBuilder("{");
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            json.append("\"kty\":\"RSA\",\"n\":\"").append(unsigned(rsa.getModulus()))
                    .append("\",\"e\":\"").append(unsigned(rsa.getPublicExponent())).append('"');
        } else if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            int length = (bits + 7) / 8;
            String crv = bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521";
            json.append("\"kty\":\"EC\",\"crv\":\"").append(crv)
                    .append("\",\"x\":\"").append(fixed(ec.getW().getAffineX(), length))
                    .append("\",\"y\":\"").append(fixed(ec.getW().getAffineY(), length)).append('"');
        } else {
            byte[] encoded = key.getEncoded();
            byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            json.append("\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"").append(Base64Url.encode(x))
                    .append('"');
        }
        if (kid != null) {
            json.append(",\"kid\":\"").append(kid).append('"');
        }
        if (alg != null) {
            json.append(",\"alg\":\"").append(alg).append('"');
        }
        return json.append('}').toString();
    }

    /** A symmetric JWK (kty {@code oct}, JSON text) for an HMAC secret. */
    public static String jwkSecret(byte[] secret, String kid, String alg) {
        return "{\"kty\":\"oct\",\"k\":\"" + Base64Url.encode(secret) + "\",\"kid\":\"" + kid
                + "\",\"alg\":\"" + alg + "\"}";
    }

    /** A JWKS document of the given JWK texts. */
    public static String jwks(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64Url.encode(bytes);
    }

    private static String fixed(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return Base64Url.encode(out);
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair generateEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
