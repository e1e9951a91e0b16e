package dev.perimeter.jwt.microprofile.jwe;

import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.b64url;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.encrypt;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.header;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.resource;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.signedJws;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckJwe;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckPrivatePem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWEAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tokens that open: real JWEs (Nimbus, and the TCK's own TokenUtils) around real signed JWTs. */
class JweDecryptorTest {

    @Test
    void unsetAlgorithmAcceptsBothRsaOaepAndRsaOaep256AsMpJwt21Requires() throws Exception {
        JweDecryptor decryptor = JweDecryptor.of(tckPrivatePem(), null);
        assertEquals(Set.of("RSA-OAEP", "RSA-OAEP-256"), decryptor.acceptedAlgorithms());
        String inner = signedJws("jdoe");
        assertEquals(inner, decryptor.decrypt(tckJwe(JWEAlgorithm.RSA_OAEP, inner)));
        assertEquals(inner, decryptor.decrypt(tckJwe(JWEAlgorithm.RSA_OAEP_256, inner)));
        assertEquals(Set.of("RSA-OAEP", "RSA-OAEP-256"), JweDecryptor.of(tckPrivatePem(), "  ").acceptedAlgorithms());
    }

    @Test
    void configuredAlgorithmDecryptsItsTokens() throws Exception {
        String inner = signedJws("jdoe");
        assertEquals(inner, JweDecryptor.of(tckPrivatePem(), "RSA-OAEP").decrypt(tckJwe(JWEAlgorithm.RSA_OAEP, inner)));
        assertEquals(inner, JweDecryptor.of(tckPrivatePem(), " RSA-OAEP-256 ")
                .decrypt(tckJwe(JWEAlgorithm.RSA_OAEP_256, inner)));
    }

    @Test
    void innerTokenIsTheSignedJwsItselfAndVerifies() throws Exception {
        String inner = JweDecryptor.of(tckPrivatePem(), null).decrypt(tckJwe(JWEAlgorithm.RSA_OAEP_256, signedJws("ann")));
        DecodedJWT jwt = JWT.require(Algorithm.RSA256(JweTestMaterial.tckVerificationKey(), null))
                .withIssuer(JweTestMaterial.ISSUER).build().verify(inner);
        assertEquals("ann@example.com", jwt.getClaim("upn").asString());
    }

    @Test
    void ctyIsMatchedWithoutCaseAndAsAMediaType() throws Exception {
        JweDecryptor decryptor = JweDecryptor.of(tckPrivatePem(), null);
        String inner = signedJws("jdoe");
        for (String cty : List.of("jwt", "JWT", "application/jwt", "application/JWT")) {
            String jwe = encrypt(header(JWEAlgorithm.RSA_OAEP).contentType(cty).build(), inner,
                    JweTestMaterial.tckEncryptionKey());
            assertEquals(inner, decryptor.decrypt(jwe), cty);
        }
    }

    @Test
    void tokensMadeByTheTcksOwnTokenUtilsDecrypt() throws Exception {
        JweDecryptor pem = JweDecryptor.of(tckPrivatePem(), null);
        for (String fixture : List.of("tck-rsa-oaep.jwe", "tck-rsa-oaep-256.jwe")) {
            assertTckInner(pem.decrypt(resource(fixture).strip()));
        }
        assertTckInner(JweDecryptor.of(tckPrivatePem(), "RSA-OAEP").decrypt(resource("tck-rsa-oaep.jwe").strip()));
        assertTckInner(JweDecryptor.of(tckPrivatePem(), "RSA-OAEP-256")
                .decrypt(resource("tck-rsa-oaep-256.jwe").strip()));
        // The TCK's PrivateKeyAsJWK/JWKSClasspathTest pairs: a JWK with kid mp-jwt, a set with mp-jwt-set.
        assertTckInner(JweDecryptor.of(resource("decryptorPrivateKey.jwk"), null)
                .decrypt(resource("tck-kid-mp-jwt.jwe").strip()));
        assertTckInner(JweDecryptor.of(resource("decryptorPrivateKeySet.jwk"), null)
                .decrypt(resource("tck-kid-mp-jwt-set.jwe").strip()));
    }

    @Test
    void base64UrlEncodedJwkAndJwksAreKeysToo() throws Exception {
        assertTckInner(JweDecryptor.of(b64url(resource("decryptorPrivateKey.jwk")), null)
                .decrypt(resource("tck-kid-mp-jwt.jwe").strip()));
        assertTckInner(JweDecryptor.of(b64url(resource("decryptorPrivateKeySet.jwk")), null)
                .decrypt(resource("tck-kid-mp-jwt-set.jwe").strip()));
    }

    @Test
    void looksEncryptedCountsFiveParts() {
        assertTrue(JweDecryptor.looksEncrypted("a.b.c.d.e"));
        assertTrue(JweDecryptor.looksEncrypted(resource("tck-rsa-oaep.jwe").strip()));
        assertFalse(JweDecryptor.looksEncrypted(signedJws("jdoe")));
        assertFalse(JweDecryptor.looksEncrypted("a.b.c.d.e.f"));
        assertFalse(JweDecryptor.looksEncrypted("a.b.c.d"));
        assertFalse(JweDecryptor.looksEncrypted(""));
        assertFalse(JweDecryptor.looksEncrypted(null));
    }

    @Test
    void oneDecryptorServesManyThreadsAtOnce() throws Exception {
        JweDecryptor decryptor = JweDecryptor.of(tckPrivatePem(), null);
        List<String> inners = new ArrayList<>();
        List<String> jwes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String inner = signedJws("user" + i);
            inners.add(inner);
            jwes.add(tckJwe(i % 2 == 0 ? JWEAlgorithm.RSA_OAEP : JWEAlgorithm.RSA_OAEP_256, inner));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < jwes.size(); i++) {
                    int n = i;
                    results.add(pool.submit(() -> inners.get(n).equals(decryptor.decrypt(jwes.get(n)))));
                }
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The TCK's Token1.json signed with privateKey4k.pem: the signature checks, the claims are there. */
    private static void assertTckInner(String inner) {
        DecodedJWT jwt = JWT.decode(inner);
        Algorithm.RSA256(JweTestMaterial.tckVerificationKey(), null).verify(jwt);
        assertEquals("RS256", jwt.getAlgorithm());
        assertEquals("jdoe@example.com", jwt.getClaim("upn").asString());
        assertEquals(JweTestMaterial.ISSUER, jwt.getIssuer());
    }
}
