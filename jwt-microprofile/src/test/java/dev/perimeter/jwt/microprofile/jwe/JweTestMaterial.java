package dev.perimeter.jwt.microprofile.jwe;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/** Keys and tokens for the JWE tests: TCK keys from the test resources, real JWS and JWE. */
final class JweTestMaterial {

    static final String ISSUER = "https://server.example.com";

    private JweTestMaterial() {
    }

    static String resource(String name) {
        try (InputStream in = JweTestMaterial.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TCK's 2048-bit decryption key pair (privateKey.pem / publicKey.pem). */
    static String tckPrivatePem() {
        return resource("privateKey.pem");
    }

    static RSAPublicKey tckEncryptionKey() {
        return publicFromPem(resource("publicKey.pem"));
    }

    /** The TCK's 4096-bit signing key pair (privateKey4k.pem / publicKey4k.pem). */
    static RSAPrivateKey tckSigningKey() {
        return privateFromPem(resource("privateKey4k.pem"));
    }

    static RSAPublicKey tckVerificationKey() {
        return publicFromPem(resource("publicKey4k.pem"));
    }

    static KeyPair newRsaKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pkcs8Pem(RSAPrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A real RS256 token signed by java-jwt with the TCK's 4k signing key. */
    static String signedJws(String subject) {
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(subject)
                .withClaim("upn", subject + "@example.com")
                .withExpiresAt(Instant.now().plusSeconds(300))
                .sign(Algorithm.RSA256(tckVerificationKey(), tckSigningKey()));
    }

    static JWEHeader.Builder header(JWEAlgorithm alg) {
        return new JWEHeader.Builder(alg, EncryptionMethod.A256GCM).contentType("JWT");
    }

    static String encrypt(JWEHeader header, String plaintext, RSAPublicKey to) {
        try {
            JWEObject jwe = new JWEObject(header, new Payload(plaintext));
            jwe.encrypt(new RSAEncrypter(to));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed token encrypted to the TCK's 2048-bit key with alg, A256GCM, cty JWT. */
    static String tckJwe(JWEAlgorithm alg, String inner) {
        return encrypt(header(alg).build(), inner, tckEncryptionKey());
    }

    /** The compact token with one character of part {@code part} (0..4) changed. */
    static String tamper(String compact, int part) {
        String[] parts = compact.split("\\.", -1);
        char[] chars = parts[part].toCharArray();
        int i = chars.length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        parts[part] = new String(chars);
        return String.join(".", parts);
    }

    static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static RSAPrivateKey privateFromPem(String pem) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPublicKey publicFromPem(String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
