package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.JwsChecks;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.internal.StrictJson;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwksTest {

    private static final Set<JwsAlgorithm> ALL = EnumSet.allOf(JwsAlgorithm.class);
    private static final String PAYLOAD = "{\"sub\":\"alice\"}";

    private final List<String> skipped = new ArrayList<>();

    // --- each kind of key parses and verifies its own tokens ---

    @Test
    void anRsaKeyParsesAndVerifiesItsTokens() {
        VerificationKey key = parse(TestKeys.jwk(TestKeys.RSA.getPublic(), "rsa-1", "RS256"), ALL);

        assertEquals(JwsAlgorithm.RS256, key.algorithm());
        assertEquals("rsa-1", key.keyId());
        assertVerifies(key, TestTokens.sign(header("RS256", "rsa-1"), PAYLOAD, "SHA256withRSA",
                TestKeys.RSA.getPrivate()));
    }

    @Test
    void anRsaKeyLabelledPs256VerifiesPssTokens() {
        VerificationKey key = parse(TestKeys.jwk(TestKeys.RSA.getPublic(), "pss", "PS256"), ALL);

        assertEquals(JwsAlgorithm.PS256, key.algorithm());
        assertVerifies(key, TestTokens.sign(header("PS256", "pss"), PAYLOAD, "PS256",
                TestKeys.RSA.getPrivate()));
    }

    @Test
    void ecKeysOnP256P384AndP521ParseAndAreBoundByTheirCurve() {
        assertEcKey(TestKeys.EC_P256, JwsAlgorithm.ES256, "SHA256withECDSAinP1363Format");
        assertEcKey(TestKeys.EC_P384, JwsAlgorithm.ES384, "SHA384withECDSAinP1363Format");
        assertEcKey(TestKeys.EC_P521, JwsAlgorithm.ES512, "SHA512withECDSAinP1363Format");
    }

    private void assertEcKey(KeyPair pair, JwsAlgorithm expected, String jdkSignature) {
        VerificationKey key = parse(TestKeys.jwk(pair.getPublic(), "ec", null), ALL);

        assertEquals(expected, key.algorithm());
        assertVerifies(key, TestTokens.sign(header(expected.name(), "ec"), PAYLOAD, jdkSignature,
                pair.getPrivate()));
    }

    @Test
    void anEd25519KeyParsesAsEdDsaAndVerifiesItsTokens() {
        VerificationKey key = parse(TestKeys.jwk(TestKeys.ED25519.getPublic(), "ed", null), ALL);

        assertEquals(JwsAlgorithm.EdDSA, key.algorithm());
        assertVerifies(key, TestTokens.sign(header("EdDSA", "ed"), PAYLOAD, "Ed25519",
                TestKeys.ED25519.getPrivate()));
    }

    @Test
    void anOctKeyParsesAndVerifiesItsTokens() {
        VerificationKey key = parse(octJwk(TestKeys.SECRET_256, "HS256"), ALL);

        assertEquals(JwsAlgorithm.HS256, key.algorithm());
        assertVerifies(key, TestTokens.hs256(header("HS256", "oct"), PAYLOAD,
                TestKeys.utf8(TestKeys.SECRET_256)));
    }

    @Test
    void theIssuerAndOriginAreCarriedOnTheKey() {
        VerificationKey key = Jwks.parseKey(
                map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "k", null)), ALL,
                "https://issuer.test", "jwks.json", skipped::add);

        assertEquals("https://issuer.test", key.issuer());
        assertEquals("jwks.json", key.origin());
    }

    // --- keys not meant for verifying are skipped ---

    @Test
    void aKeyForEncryptionIsSkipped() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.RSA.getPublic(), "enc", "RS256"));
        jwk.put("use", "enc");

        assertNull(Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).contains("use is 'enc'"), skipped.get(0));
    }

    @Test
    void aKeyWhoseKeyOpsLackVerifyIsSkipped() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "ops", null));
        jwk.put("key_ops", List.of("sign", "encrypt"));

        assertNull(Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        assertTrue(skipped.get(0).contains("key_ops"), skipped.get(0));
    }

    @Test
    void aKeyWhoseKeyOpsIncludeVerifyIsUsed() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "ops", null));
        jwk.put("key_ops", List.of("verify"));

        assertNotNull(Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        assertTrue(skipped.isEmpty());
    }

    @Test
    void aKeyWhoseAlgIsNotAllowedIsSkipped() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.RSA.getPublic(), "r", "RS512"));

        assertNull(Jwks.parseKey(jwk, EnumSet.of(JwsAlgorithm.RS256), null, "test", skipped::add));
        assertTrue(skipped.get(0).contains("not in 'algorithms'"), skipped.get(0));
    }

    @Test
    void aKeyWhoseAlgIsNoJwsAlgorithmIsSkipped() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.EC_P521.getPublic(), "e", "ES521"));

        assertNull(Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        assertTrue(skipped.get(0).contains("not a supported JWS algorithm"), skipped.get(0));
    }

    // --- a key without alg gets one only when there is exactly one choice ---

    @Test
    void anRsaKeyWithoutAlgIsBoundWhenExactlyOneRsaAlgorithmIsAllowed() {
        VerificationKey key = parse(TestKeys.jwk(TestKeys.RSA.getPublic(), null, null),
                EnumSet.of(JwsAlgorithm.PS384, JwsAlgorithm.ES256, JwsAlgorithm.HS256));

        assertEquals(JwsAlgorithm.PS384, key.algorithm());
    }

    @Test
    void anRsaKeyWithoutAlgIsRefusedWhenSeveralRsaAlgorithmsAreAllowed() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.RSA.getPublic(), "r", null));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(jwk, EnumSet.of(JwsAlgorithm.RS256, JwsAlgorithm.PS256), null,
                        "test", skipped::add));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Jwks.parseKey(jwk, ALL, null, "test",
                skipped::add));
    }

    @Test
    void anRsaKeyWithoutAlgIsRefusedWhenNoRsaAlgorithmIsAllowed() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.RSA.getPublic(), "r", null));

        assertThrows(IllegalArgumentException.class, () -> Jwks.parseKey(jwk,
                EnumSet.of(JwsAlgorithm.ES256), null, "test", skipped::add));
    }

    @Test
    void anOctKeyWithoutAlgIsBoundOnlyWhenExactlyOneHmacAlgorithmIsAllowed() {
        VerificationKey key = parse(octJwk(TestKeys.SECRET_384, null),
                EnumSet.of(JwsAlgorithm.HS384, JwsAlgorithm.RS256));
        assertEquals(JwsAlgorithm.HS384, key.algorithm());

        Map<String, Object> jwk = map(octJwk(TestKeys.SECRET_384, null));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parseKey(jwk,
                EnumSet.of(JwsAlgorithm.HS256, JwsAlgorithm.HS384), null, "test", skipped::add));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parseKey(jwk,
                EnumSet.of(JwsAlgorithm.RS256), null, "test", skipped::add));
    }

    @Test
    void anEcKeyWithoutAlgIsRefusedWhenItsCurvesAlgorithmIsNotAllowed() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "e", null));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(jwk, EnumSet.of(JwsAlgorithm.ES384), null, "test",
                        skipped::add));
        assertTrue(e.getMessage().contains("ES256"), e.getMessage());
    }

    @Test
    void anEd25519KeyWithoutAlgIsRefusedWhenEdDsaIsNotAllowed() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.ED25519.getPublic(), "ed", null));

        assertThrows(IllegalArgumentException.class, () -> Jwks.parseKey(jwk,
                EnumSet.of(JwsAlgorithm.ES256), null, "test", skipped::add));
    }

    // --- invalid and weak keys are refused ---

    @Test
    void anRsaKeyUnder2048BitsIsRefused() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.RSA_1024.getPublic(), "weak", "RS256"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
        assertTrue(e.getMessage().startsWith("key 'weak'"), e.getMessage());
    }

    @Test
    void anOctKeyShorterThanItsAlgorithmNeedsIsRefused() {
        Map<String, Object> jwk = map(octJwk(TestKeys.SECRET_256, "HS512"));

        assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
    }

    @Test
    void anEcPointNotOnTheCurveIsRefused() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "bad", null));
        byte[] y = Base64Url.decodeCanonical((String) jwk.get("y"));
        y[y.length - 1] ^= 1;
        jwk.put("y", Base64Url.encode(y));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        assertTrue(e.getMessage().contains("not on P-256"), e.getMessage());
    }

    @Test
    void ecCoordinatesOfTheWrongLengthAreRefused() {
        Map<String, Object> shorter = map(TestKeys.jwk(TestKeys.EC_P521.getPublic(), "e", null));
        byte[] x = Base64Url.decodeCanonical((String) shorter.get("x"));
        shorter.put("x", Base64Url.encode(Arrays.copyOfRange(x, 1, x.length)));
        Map<String, Object> longer = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "e", null));
        byte[] y = Base64Url.decodeCanonical((String) longer.get("y"));
        byte[] padded = new byte[y.length + 1];
        System.arraycopy(y, 0, padded, 1, y.length);
        longer.put("y", Base64Url.encode(padded));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(shorter, ALL, null, "test", skipped::add));
        assertTrue(e.getMessage().contains("66 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(longer, ALL, null, "test", skipped::add));
    }

    @Test
    void anEcKeyWhoseAlgNamesAnotherCurveIsRefused() {
        Map<String, Object> jwk = map(TestKeys.jwk(TestKeys.EC_P384.getPublic(), "e", "ES256"));

        assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
    }

    @Test
    void aKeyWhoseAlgIsForAnotherKindOfKeyIsRefused() {
        Map<String, Object> rsaAsEc = map(TestKeys.jwk(TestKeys.RSA.getPublic(), "r", "ES256"));
        Map<String, Object> octAsRsa = map(octJwk(TestKeys.SECRET_256, "RS256"));

        assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(rsaAsEc, ALL, null, "test", skipped::add));
        assertThrows(IllegalArgumentException.class,
                () -> Jwks.parseKey(octAsRsa, ALL, null, "test", skipped::add));
    }

    @Test
    void nonCanonicalBase64urlIsRefused() {
        // Padding.
        Map<String, Object> padded = map(octJwk(TestKeys.SECRET_256, "HS256"));
        padded.put("k", padded.get("k") + "=");
        // The standard alphabet instead of the URL-safe one: 0xFF bytes encode as '_', not '/'.
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        Map<String, Object> standard = map(octJwk(TestKeys.SECRET_256, "HS256"));
        standard.put("k", Base64Url.encode(ones).replace('_', '/'));
        // Unused bits set: a 32-byte x has 43 characters, the last carrying 2 unused bits.
        Map<String, Object> unusedBits = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "e", null));
        String x = (String) unusedBits.get("x");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(x.charAt(x.length() - 1));
        unusedBits.put("x", x.substring(0, x.length() - 1) + alphabet.charAt(last | 1));

        for (Map<String, Object> jwk : List.of(padded, standard, unusedBits)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
            assertTrue(e.getMessage().contains("is not base64url"), e.getMessage());
        }
    }

    @Test
    void anUnsupportedKtyOrCurveIsRefused() {
        Map<String, Object> okp = map(TestKeys.jwk(TestKeys.ED25519.getPublic(), "x", null));
        okp.put("crv", "X25519");
        Map<String, Object> ec = map(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "e", null));
        ec.put("crv", "secp256k1");
        Map<String, Object> unknown = new LinkedHashMap<>(Map.of("kty", "PQC", "kid", "q"));

        for (Map<String, Object> jwk : List.of(okp, ec, unknown)) {
            assertThrows(IllegalArgumentException.class,
                    () -> Jwks.parseKey(jwk, ALL, null, "test", skipped::add));
        }
    }

    // --- documents ---

    @Test
    void aJwksDocumentYieldsItsSigningKeysAndReportsTheSkippedOnes() {
        String encryption = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "enc", null)
                .replace("}", ",\"use\":\"enc\"}");
        String document = TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA.getPublic(), "rsa", "RS256"),
                encryption,
                TestKeys.jwk(TestKeys.EC_P384.getPublic(), "ec", null));

        List<VerificationKey> keys = Jwks.parseSet(TestKeys.utf8(document), ALL, null, "test",
                skipped::add);

        assertEquals(2, keys.size());
        assertEquals("rsa", keys.get(0).keyId());
        assertEquals(JwsAlgorithm.ES384, keys.get(1).algorithm());
        assertEquals(1, skipped.size());
    }

    @Test
    void aDocumentWithoutAKeysArrayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Jwks.parseSet(
                TestKeys.utf8("{\"keys\":{}}"), ALL, null, "test", skipped::add));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parseSet(
                TestKeys.utf8("{\"keys\":[1]}"), ALL, null, "test", skipped::add));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parseSet(
                TestKeys.utf8("{\"keys\":[],\"keys\":[]}"), ALL, null, "test", skipped::add));
    }

    // --- helpers ---

    private VerificationKey parse(String jwkJson, Set<JwsAlgorithm> allowed) {
        VerificationKey key = Jwks.parseKey(map(jwkJson), allowed, null, "test", skipped::add);
        assertNotNull(key, () -> "skipped: " + skipped);
        return key;
    }

    private static void assertVerifies(VerificationKey key, String token) {
        String failure = JwsChecks.failure(new StaticKeySource(KeySet.of(List.of(key))),
                EnumSet.of(key.algorithm()), token);
        assertNull(failure, failure);
    }

    private static String header(String alg, String kid) {
        return TestTokens.header(alg, kid);
    }

    private static String octJwk(String secret, String alg) {
        return "{\"kty\":\"oct\",\"kid\":\"oct\",\"k\":\"" + Base64Url.encode(TestKeys.utf8(secret))
                + "\"" + (alg == null ? "" : ",\"alg\":\"" + alg + "\"") + "}";
    }

    private static Map<String, Object> map(String json) {
        try {
            return new LinkedHashMap<>(StrictJson.parseObject(TestKeys.utf8(json)));
        } catch (StrictJson.MalformedJsonException e) {
            throw new AssertionError("test JWK is not JSON: " + e.getMessage(), e);
        }
    }
}
