package dev.perimeter.jwt.microprofile.jwe;

import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.b64url;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.encrypt;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.header;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.resource;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.signedJws;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tamper;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckEncryptionKey;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckJwe;
import static dev.perimeter.jwt.microprofile.jwe.JweTestMaterial.tckPrivatePem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every JWE the decryptor must refuse, each for its own reason, with a message safe to log. */
class JweDecryptorRefusalTest {

    private final JweDecryptor decryptor = JweDecryptor.of(tckPrivatePem(), null);
    private final String inner = signedJws("jdoe");

    @Test
    void headerAlgMustBeExactlyTheConfiguredOne() {
        assertRefused(JweDecryptor.of(tckPrivatePem(), "RSA-OAEP"), tckJwe(JWEAlgorithm.RSA_OAEP_256, inner),
                "alg is not accepted");
        assertRefused(JweDecryptor.of(tckPrivatePem(), "RSA-OAEP-256"), tckJwe(JWEAlgorithm.RSA_OAEP, inner),
                "alg is not accepted");
        // The TCK's RolesAllowedSignEncryptRsaOaep(256)Test pairs, on tokens its TokenUtils made.
        assertRefused(JweDecryptor.of(tckPrivatePem(), "RSA-OAEP"), resource("tck-rsa-oaep-256.jwe").strip(),
                "alg is not accepted");
        assertRefused(JweDecryptor.of(tckPrivatePem(), "RSA-OAEP-256"), resource("tck-rsa-oaep.jwe").strip(),
                "alg is not accepted");
    }

    @Test
    void otherKeyManagementAlgorithmsAreRefusedEvenWithTheDefault() {
        for (JWEAlgorithm alg : List.of(JWEAlgorithm.RSA1_5, JWEAlgorithm.RSA_OAEP_384, JWEAlgorithm.RSA_OAEP_512)) {
            assertRefused(decryptor, tckJwe(alg, inner), "alg is not accepted");
        }
    }

    @Test
    void contentEncryptionOtherThanA256gcmIsRefused() {
        for (EncryptionMethod enc : List.of(EncryptionMethod.A128GCM, EncryptionMethod.A192GCM,
                EncryptionMethod.A128CBC_HS256, EncryptionMethod.A256CBC_HS512)) {
            String jwe = encrypt(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP, enc).contentType("JWT").build(), inner,
                    tckEncryptionKey());
            assertRefused(decryptor, jwe, "enc is not accepted");
        }
    }

    @Test
    void compressedTokensAreRefused() {
        String zipped = encrypt(header(JWEAlgorithm.RSA_OAEP).compressionAlgorithm(CompressionAlgorithm.DEF).build(),
                inner, tckEncryptionKey());
        assertRefused(decryptor, zipped, "compressed");
    }

    @Test
    void ctyMustBeJwt() {
        for (String cty : List.of("JSON", "application/json", "JWS", "JWTX")) {
            assertRefused(decryptor, encrypt(header(JWEAlgorithm.RSA_OAEP).contentType(cty).build(), inner,
                    tckEncryptionKey()), "cty");
        }
        JWEHeader noCty = new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM).build();
        assertRefused(decryptor, encrypt(noCty, inner, tckEncryptionKey()), "cty");
        // The TCK's callEchoWithoutCty expects exactly this refusal for its token without cty.
        assertRefused(decryptor, resource("tck-no-cty.jwe").strip(), "cty");
    }

    @Test
    void wrongKeyDoesNotDecrypt() {
        RSAPublicKey other = (RSAPublicKey) JweTestMaterial.newRsaKeyPair(2048).getPublic();
        assertRefused(decryptor, encrypt(header(JWEAlgorithm.RSA_OAEP_256).build(), inner, other), "does not decrypt");
        assertRefused(decryptor, encrypt(header(JWEAlgorithm.RSA_OAEP).build(), inner, other), "does not decrypt");
    }

    @Test
    void tamperingWithAnyProtectedPartIsCaught() {
        String jwe = tckJwe(JWEAlgorithm.RSA_OAEP_256, inner);
        assertEquals(5, jwe.split("\\.").length);
        for (int part = 1; part <= 4; part++) { // encrypted key, IV, ciphertext, tag
            assertRefused(decryptor, tamper(jwe, part), "does not decrypt");
        }
        // The header is the AAD: an extra member that passes every header check still breaks the tag.
        String[] parts = jwe.split("\\.");
        String headerJson = new String(java.util.Base64.getUrlDecoder().decode(parts[0]));
        parts[0] = b64url(headerJson.replaceFirst("\\{", "{\"x\":1,"));
        assertRefused(decryptor, String.join(".", parts), "does not decrypt");
    }

    @Test
    void claimsJsonInsteadOfASignedJwsIsRefused() {
        String claims = "{\"iss\":\"https://server.example.com\",\"upn\":\"jdoe@example.com\",\"exp\":4102444800}";
        assertRefused(decryptor, tckJwe(JWEAlgorithm.RSA_OAEP, claims), "not a compact JWS");
        // The TCK's encrypted-only token (claims encrypted, no signature, no cty): refused as well.
        assertRefused(decryptor, resource("tck-encrypted-only.jwe").strip(), "cty");
    }

    @Test
    void anUnsignedTokenInsideIsRefused() {
        String payload = b64url("{\"iss\":\"https://server.example.com\",\"upn\":\"admin\",\"exp\":4102444800}");
        String sig = b64url("not-a-signature");
        for (String header : List.of("{\"alg\":\"none\"}", "{\"alg\":\"NONE\",\"typ\":\"JWT\"}", "{\"typ\":\"JWT\"}",
                "{\"alg\":\"\"}", "{\"alg\":null}", "{\"alg\":7}")) {
            String unsigned = b64url(header) + "." + payload + "." + sig;
            assertRefused(decryptor, tckJwe(JWEAlgorithm.RSA_OAEP_256, unsigned), "unsigned");
        }
        // The usual alg-none form has an empty signature part.
        String none = b64url("{\"alg\":\"none\"}") + "." + payload + ".";
        assertRefused(decryptor, tckJwe(JWEAlgorithm.RSA_OAEP_256, none), "not a compact JWS");
    }

    @Test
    void innerTextThatIsNotAJwsIsRefused() {
        for (String text : List.of("a.b", "a.b.c.d", inner + "\n", inner.replace('.', ' '), "!!.??.**",
                b64url("not json") + ".e30.c2ln", inner + "." + inner)) {
            assertRefused(decryptor, tckJwe(JWEAlgorithm.RSA_OAEP, text), "JWS");
        }
    }

    @Test
    void anythingButFivePartsIsNotAJwe() {
        String jwe = tckJwe(JWEAlgorithm.RSA_OAEP, inner);
        assertRefused(decryptor, jwe + ".x", "five");
        assertRefused(decryptor, jwe.substring(0, jwe.lastIndexOf('.')), "five");
        assertRefused(decryptor, inner, "five");
        assertRefused(decryptor, "", "no token");
        assertRefused(decryptor, null, "no token");
        assertRefused(decryptor, "a.b.c.d.e", "malformed");
        assertRefused(decryptor, b64url("{\"alg\":\"RSA-OAEP\"}") + ".a.b.c.d", "malformed");
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        String padding = "A".repeat(JweDecryptor.MAX_COMPACT_LENGTH);
        String jwe = tckJwe(JWEAlgorithm.RSA_OAEP, inner);
        assertRefused(decryptor, jwe.substring(0, jwe.lastIndexOf('.')) + padding + jwe.substring(jwe.lastIndexOf('.')),
                "longer than");
        assertRefused(decryptor, "a.b.c.d." + "A".repeat(JweDecryptor.MAX_COMPACT_LENGTH), "longer than");
        // A big but allowed inner token still opens (about 12 KiB of JWE).
        String big = JweTestMaterial.signedJws("x".repeat(3_000));
        String bigJwe = tckJwe(JWEAlgorithm.RSA_OAEP, big);
        assertTrue(bigJwe.length() < JweDecryptor.MAX_COMPACT_LENGTH);
        assertEqualsOrFail(big, bigJwe);
    }

    private void assertEqualsOrFail(String expected, String jwe) {
        try {
            assertEquals(expected, decryptor.decrypt(jwe));
        } catch (JweRefusedException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    /** Refused, the message says why, and it quotes no part of the token. */
    static void assertRefused(JweDecryptor decryptor, String jwe, String reason) {
        JweRefusedException refusal = assertThrows(JweRefusedException.class, () -> decryptor.decrypt(jwe));
        String message = refusal.getMessage();
        assertTrue(message.contains(reason), () -> "expected '" + reason + "' in: " + message);
        if (jwe != null) {
            for (String part : jwe.split("\\.")) {
                if (part.length() >= 8) {
                    assertFalse(message.contains(part.substring(0, 8)), () -> "message quotes the token: " + message);
                }
            }
        }
    }
}
