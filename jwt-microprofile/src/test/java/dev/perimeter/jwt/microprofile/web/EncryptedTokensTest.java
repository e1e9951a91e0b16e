package dev.perimeter.jwt.microprofile.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.jwt.decrypt.key.location} over HTTP: a JWE around a signed token is opened and its
 * inner token meets every check of the pipeline; a plain signed token, an unsigned token inside a
 * JWE (the pac4j CVE-2026-29000 pattern) and an inner token that fails a check are all 401.
 */
class EncryptedTokensTest {

    private static final KeyPair DECRYPTION = rsa();
    private static MpJwtOnJetty app;

    @BeforeAll
    static void start() throws Exception {
        app = new MpJwtOnJetty(Map.of(
                "mp.jwt.verify.publickey.location", "/publicKey.pem",
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.decrypt.key.location", "/decryptionKey.pem"),
                Map.of("publicKey.pem", TestKeys.pem(TestKeys.RSA.getPublic()),
                        "decryptionKey.pem", "-----BEGIN PRIVATE KEY-----\n"
                                + Base64.getMimeEncoder().encodeToString(DECRYPTION.getPrivate().getEncoded())
                                + "\n-----END PRIVATE KEY-----\n"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void aSignedTokenInsideAJweIsAdmittedWithEitherDefaultAlgorithm() throws Exception {
        for (JWEAlgorithm algorithm : new JWEAlgorithm[] {JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.RSA_OAEP}) {
            String jwe = encrypt(algorithm, signed(Instant.now()));
            assertEquals(200, app.get("/api/caller/echoer", jwe).statusCode(), algorithm.getName());
        }
    }

    @Test
    void aPlainSignedTokenIsRefusedWhereTokensMustBeEncrypted() throws Exception {
        assertEquals(401, app.get("/api/caller/permitted", signed(Instant.now())).statusCode());
    }

    @Test
    void anUnsignedTokenInsideAJweIsRefused() throws Exception {
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(TestTokens.claims("jdoe", Instant.now(), "Echoer")
                        .getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals(401, app.get("/api/caller/permitted", encrypt(JWEAlgorithm.RSA_OAEP_256, unsigned))
                .statusCode());
    }

    @Test
    void theInnerTokenMeetsEveryCheck() throws Exception {
        String expired = encrypt(JWEAlgorithm.RSA_OAEP_256, signed(Instant.now().minusSeconds(3600)));
        assertEquals(401, app.get("/api/caller/permitted", expired).statusCode());
        String forged = encrypt(JWEAlgorithm.RSA_OAEP_256, TestTokens.sign(TestTokens.header("RS256", null),
                TestTokens.claims("jdoe", Instant.now(), "Echoer"), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate()));
        assertEquals(401, app.get("/api/caller/permitted", forged).statusCode());
    }

    @Test
    void aJweForAnotherKeyIsRefused() throws Exception {
        String other = encrypt(JWEAlgorithm.RSA_OAEP_256, signed(Instant.now()), (RSAPublicKey) rsa().getPublic());
        assertEquals(401, app.get("/api/caller/permitted", other).statusCode());
    }

    @Test
    void aDecryptionKeyAtAUrlFailsStartNamingTheSetting() {
        Exception failure = assertThrows(Exception.class, () -> new MpJwtOnJetty(Map.of(
                "mp.jwt.verify.publickey.location", "/publicKey.pem",
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.decrypt.key.location", "https://keys.example.com/private.pem"),
                Map.of("publicKey.pem", TestKeys.pem(TestKeys.RSA.getPublic()))).close());
        assertTrue(messages(failure).contains("mp.jwt.decrypt.key.location"), messages(failure));
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    private static String signed(Instant issuedAt) {
        return TestTokens.sign(TestTokens.header("RS256", null),
                TestTokens.claims("jdoe", issuedAt, "Echoer"), "SHA256withRSA", TestKeys.RSA.getPrivate());
    }

    private static String encrypt(JWEAlgorithm algorithm, String inner) throws JOSEException {
        return encrypt(algorithm, inner, (RSAPublicKey) DECRYPTION.getPublic());
    }

    private static String encrypt(JWEAlgorithm algorithm, String inner, RSAPublicKey to)
            throws JOSEException {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(algorithm, EncryptionMethod.A256GCM)
                .contentType("JWT").build(), new Payload(inner));
        jwe.encrypt(new RSAEncrypter(to));
        return jwe.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
