package dev.perimeter.jwt.microprofile.jwe;

import static dev.perimeter.jwt.microprofile.jwe.JweKeySelectionTest.jwk;
import static dev.perimeter.jwt.microprofile.jwe.JweKeySelectionTest.jwks;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.b64url;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.resource;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckPrivatePem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keys and algorithms refused when the decryptor is made, with messages that never show a key. */
class JweDecryptorKeyTest {

    @Test
    void rsaUnder2048BitsIsRefused() {
        // The TCK's own 1024-bit key.
        assertRefusedKey(resource("rsaPrivateKey1024bit.jwk"), null, "1024-bit RSA key");
        KeyPair small = JweTestMaterial.newRsaKeyPair(1536);
        assertRefusedKey(JweTestMaterial.pkcs8Pem((RSAPrivateKey) small.getPrivate()), null, "1536-bit RSA key");
        assertRefusedKey(jwks(jwk(JweTestMaterial.newRsaKeyPair(2048), "ok", null), jwk(small, "small", null)), null,
                "key #2 of the JWKS (kid 'small') is a 1536-bit RSA key");
    }

    @Test
    void aKeyOf2048BitsOrMoreIsAccepted() {
        JweDecryptor.of(tckPrivatePem(), null);
        JweDecryptor.of(resource("privateKey4k.pem"), null);
        JweDecryptor.of(resource("decryptorPrivateKey.jwk"), null);
        JweDecryptor.of(resource("decryptorPrivateKeySet.jwk"), "RSA-OAEP");
    }

    @Test
    void nonRsaOrPublicKeysAreRefused() {
        assertRefusedKey(resource("ecPrivateKey.pem"), null, "not an RSA private key");
        assertRefusedKey(resource("publicKey.pem"), null, "public key");
        assertRefusedKey(resource("encryptorPublicKey.jwk"), null, "public key");
        assertRefusedKey("{\"kty\":\"oct\",\"k\":\"" + b64url("0123456789abcdef0123456789abcdef") + "\"}", null,
                "kty oct");
        assertRefusedKey("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"w4HohvwOj21FBQE1PrJOAlPRQMyWimmXH9rIHa7YMTU\","
                + "\"y\":\"osZEjUhZa79-kClcGm79eX0q_QFLlrA99MhkzNy6MtI\"}", null, "kty EC");
    }

    @Test
    void keysNotMeantForDecryptionAreRefused() {
        KeyPair pair = JweTestMaterial.newRsaKeyPair(2048);
        RSAKey signing = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate())
                .keyUse(KeyUse.SIGNATURE).keyID("s").build();
        assertRefusedKey(signing.toJSONString(), null, "use 'sig'");
        String signOnly = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate())
                .keyOperations(Set.of(KeyOperation.SIGN, KeyOperation.VERIFY)).build().toJSONString();
        assertRefusedKey(signOnly, null, "key_ops");
        assertRefusedKey(jwk(pair, "k", "RSA-OAEP").toJSONString(), "RSA-OAEP-256", "alg 'RSA-OAEP'");
        assertRefusedKey(withMember(jwk(pair, "k", null).toJSONString(), "\"alg\":\"RSA1_5\""), null, "alg 'RSA1_5'");
        // The TCK's key says alg RSA-OAEP: it cannot serve a deployment that is RSA-OAEP-256 only.
        assertRefusedKey(resource("decryptorPrivateKey.jwk"), "RSA-OAEP-256", "alg 'RSA-OAEP'");
    }

    @Test
    void unknownAlgorithmsAreRefused() {
        for (String alg : List.of("RSA1_5", "rsa-oaep", "RSA-OAEP-384", "A256KW", "dir", "none")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JweDecryptor.of(tckPrivatePem(), alg));
            assertTrue(e.getMessage().contains("mp.jwt.decrypt.key.algorithm '" + alg + "' is not supported"),
                    e.getMessage());
        }
    }

    @Test
    void pemOtherThanUnencryptedPkcs8IsRefused() {
        assertRefusedKey("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", null,
                "PKCS#1");
        assertRefusedKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkq\n-----END ENCRYPTED PRIVATE KEY-----",
                null, "password-protected");
        assertRefusedKey("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----", null, "Base64");
        assertRefusedKey("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq", null, "not a PKCS#8");
        assertRefusedKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", null, "not an RSA private key");
    }

    @Test
    void malformedOrEmptyKeyTextIsRefused() {
        assertRefusedKey(null, null, "empty");
        assertRefusedKey("  ", null, "empty");
        assertRefusedKey("{\"kty\":", null, "JWK/JWKS JSON");
        assertRefusedKey("{\"keys\":[]}", null, "no keys");
        assertRefusedKey("{\"keys\":{}}", null, "not an array");
        assertRefusedKey("{\"keys\":[1]}", null, "key #1 of the JWKS is not a JSON object");
        assertRefusedKey("{\"n\":\"AQAB\"}", null, "not a valid JWK");
        assertRefusedKey("not a key at all", null, "neither PKCS#8 PEM");
        assertRefusedKey(b64url("not json"), null, "neither PKCS#8 PEM");
    }

    @Test
    void twoKeysWithOneKidAreRefused() {
        assertRefusedKey(jwks(jwk(JweTestMaterial.newRsaKeyPair(2048), "same", null),
                jwk(JweTestMaterial.newRsaKeyPair(2048), "same", null)), null, "same kid 'same'");
    }

    @Test
    void messagesNeverQuoteTheKey() {
        String weak = resource("rsaPrivateKey1024bit.jwk");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JweDecryptor.of(weak, null));
        Matcher members = Pattern.compile("\"(n|d|p|q|dp|dq|qi)\"\\s*:\\s*\"([^\"]+)\"").matcher(weak);
        int checked = 0;
        while (members.find()) {
            assertFalse(e.getMessage().contains(members.group(2).substring(0, 12)), e.getMessage());
            checked++;
        }
        assertEquals(7, checked);
        String pem = resource("ecPrivateKey.pem");
        IllegalArgumentException ec = assertThrows(IllegalArgumentException.class, () -> JweDecryptor.of(pem, null));
        for (String line : pem.split("\n")) {
            if (!line.startsWith("-----") && line.length() > 12) {
                assertFalse(ec.getMessage().contains(line.substring(0, 12)), ec.getMessage());
            }
        }
        assertFalse(String.valueOf(JweDecryptor.of(tckPrivatePem(), null)).contains("MII"));
    }

    private static String withMember(String json, String member) {
        return json.replaceFirst("\\{", "{" + member + ",");
    }

    private static void assertRefusedKey(String keyText, String algorithm, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JweDecryptor.of(keyText, algorithm));
        assertTrue(e.getMessage().startsWith("mp.jwt.decrypt.key.location: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
    }
}
