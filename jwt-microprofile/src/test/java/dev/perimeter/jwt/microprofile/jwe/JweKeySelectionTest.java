package dev.perimeter.jwt.microprofile.jwe;

import static dev.perimeter.jwt.microprofile.jwe.JweDecryptorRefusalTest.assertRefused;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.encrypt;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.header;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.resource;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.signedJws;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckEncryptionKey;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckPrivatePem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which configured key opens a token: the JWE header's kid, and only ever one key. */
class JweKeySelectionTest {

    private static KeyPair a;
    private static KeyPair b;

    private final String inner = signedJws("jdoe");

    @BeforeAll
    static void keys() {
        a = JweTestMaterial.newRsaKeyPair(2048);
        b = JweTestMaterial.newRsaKeyPair(2048);
    }

    @Test
    void kidPicksTheKeyInASetOfSeveral() throws Exception {
        JweDecryptor decryptor = JweDecryptor.of(jwks(jwk(a, "a", null), jwk(b, "b", null)), null);
        assertEquals(inner, decryptor.decrypt(to(b, "b", JWEAlgorithm.RSA_OAEP_256)));
        assertEquals(inner, decryptor.decrypt(to(a, "a", JWEAlgorithm.RSA_OAEP)));
        // A kid naming the other key: only that key is tried, and it does not fit.
        assertRefused(decryptor, to(b, "a", JWEAlgorithm.RSA_OAEP), "does not decrypt");
    }

    @Test
    void aKidThatNoKeyHasIsRefused() {
        JweDecryptor decryptor = JweDecryptor.of(jwks(jwk(a, "a", null), jwk(b, "b", null)), null);
        assertRefused(decryptor, to(a, "c", JWEAlgorithm.RSA_OAEP), "kid");
        // A single JWK with a kid is not a wildcard either (the TCK's JWK with kid mp-jwt).
        assertRefused(JweDecryptor.of(resource("decryptorPrivateKey.jwk"), null),
                resource("tck-kid-mp-jwt-set.jwe").strip(), "kid");
    }

    @Test
    void noKidOpensOnlyWithExactlyOneSuitableKey() throws Exception {
        assertRefused(JweDecryptor.of(jwks(jwk(a, "a", null), jwk(b, "b", null)), null),
                to(a, null, JWEAlgorithm.RSA_OAEP), "no kid");
        assertEquals(inner, JweDecryptor.of(jwks(jwk(a, "a", null)), null).decrypt(to(a, null, JWEAlgorithm.RSA_OAEP)));
        // Two keys, but each for its own alg: the alg makes exactly one suitable.
        JweDecryptor byAlg = JweDecryptor.of(jwks(jwk(a, "a", "RSA-OAEP"), jwk(b, "b", "RSA-OAEP-256")), null);
        assertEquals(inner, byAlg.decrypt(to(b, null, JWEAlgorithm.RSA_OAEP_256)));
        assertEquals(inner, byAlg.decrypt(to(a, null, JWEAlgorithm.RSA_OAEP)));
    }

    @Test
    void aKeysOwnAlgLimitsWhatItOpens() {
        JweDecryptor decryptor = JweDecryptor.of(jwks(jwk(a, "a", "RSA-OAEP")), null);
        assertRefused(decryptor, to(a, "a", JWEAlgorithm.RSA_OAEP_256), "kid");
        assertRefused(decryptor, to(a, null, JWEAlgorithm.RSA_OAEP_256), "no kid");
    }

    @Test
    void aPemKeyHasNoKidAndServesAnyKid() throws Exception {
        JweDecryptor decryptor = JweDecryptor.of(tckPrivatePem(), null);
        String jwe = encrypt(header(JWEAlgorithm.RSA_OAEP).keyID("whatever-the-sender-says").build(), inner,
                tckEncryptionKey());
        assertEquals(inner, decryptor.decrypt(jwe));
        // Same for a lone JWK without a kid.
        JweDecryptor lone = JweDecryptor.of(jwk(a, null, null).toJSONString(), null);
        assertEquals(inner, lone.decrypt(to(a, "any", JWEAlgorithm.RSA_OAEP_256)));
    }

    private String to(KeyPair pair, String kid, JWEAlgorithm alg) {
        return encrypt(header(alg).keyID(kid).build(), inner, (RSAPublicKey) pair.getPublic());
    }

    static RSAKey jwk(KeyPair pair, String kid, String alg) {
        RSAKey.Builder builder = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate()).keyUse(KeyUse.ENCRYPTION).keyID(kid);
        if (alg != null) {
            builder.algorithm(JWEAlgorithm.parse(alg));
        }
        return builder.build();
    }

    static String jwks(RSAKey... keys) {
        return new JWKSet(List.of(keys)).toString(false);
    }
}
