package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.Jwks;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Google's Wycheproof JWS vectors ({@code ../shared/conformance/wycheproof}) through the JWS
 * layer: every vector must agree with its expected result, except the few in {@link #EXCUSED}
 * whose data is wrong, and those must still disagree, so the list cannot go stale.
 *
 * <p>Each group's key is read by {@link Jwks#parseKey} with every algorithm allowed, so the
 * algorithm comes from the JWK itself; a key that Jwks skips or refuses leaves the group without
 * keys, and then every vector of the group must be invalid.
 */
class WycheproofConformanceTest {

    private static final String DATA = "shared/conformance/wycheproof/json_web_signature_test.json";
    private static final String BUNDLED = "wycheproof/json_web_signature_test.json";
    private static final int EXPECTED_VECTORS = 401;

    /**
     * No vector carries a {@code typ} header, so the default token types suffice; a vector that
     * did would have to be accepted here too, and said so.
     */
    private static final TokenTypes TOKEN_TYPES = TokenTypes.of(List.of("JWT", "at+jwt", "absent"));

    /**
     * Vectors whose data is wrong, by tcId. Each reason was checked by decoding the vector, and
     * {@link #excusedVectorsAreWrongDataNotOurs()} checks it again on every run.
     */
    private static final Map<Integer, String> EXCUSED = Map.of(
            346, "RFC 7520 Figure 20 is signed with PS384, but the group's JWK says alg PS256 "
                    + "(RFC 7520's own key has no alg). The signature is good under PS384 and bad "
                    + "under PS256; a key whose alg is PS256 must not verify a PS384 token "
                    + "(RFC 7517 4.4, RFC 8725 3.1).",
            350, "Same as 346 with key_ops [verify]: the key is labelled PS256, the token is PS384.",
            347, "The JWK's alg is \"ES521\", which is not a JWS algorithm: RFC 7518 3.1 names "
                    + "ECDSA on P-521 with SHA-512 \"ES512\". The key is skipped, so the token, a "
                    + "good ES512 signature (RFC 7520 Figure 27), has no key.",
            351, "Same as 347 with key_ops [verify]: alg \"ES521\" is not a JWS algorithm.",
            367, "\"invalidBase64Padding\" is marked invalid but is byte for byte the valid "
                    + "token of tcId 357: there is no padding in it.",
            370, "\"invalidBase64PaddingInPayload\" is marked invalid but is byte for byte the "
                    + "valid token of tcId 357: there is no padding in it.",
            372, "\"InvalidCharacterInsertedInHeader\" is marked valid but has a '?' inside the "
                    + "header segment; '?' is not in the base64url alphabet and RFC 7515 5.2 step 2 "
                    + "forbids additional characters. Only a decoder that skips junk accepts it.",
            373, "\"InvalidCharacterInsertedInPayload\" is marked valid but has a '?' inside the "
                    + "payload segment; see 372.");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One group's keys, or why there are none. */
    private static final class GroupKeys {
        final List<VerificationKey> keys = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    @Test
    void theFileHoldsEveryVectorItAnnouncesAndEveryExcusedOne() throws IOException {
        JsonNode root = load();
        assertEquals(EXPECTED_VECTORS, root.path("numberOfTests").asInt(),
                "numberOfTests in " + DATA);
        Set<Integer> ids = new TreeSet<>();
        int count = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode vector : group.get("tests")) {
                count++;
                assertTrue(ids.add(vector.get("tcId").asInt()), "duplicate tcId " + vector.get("tcId"));
            }
        }
        assertEquals(EXPECTED_VECTORS, count, "vectors in " + DATA);
        assertTrue(ids.containsAll(EXCUSED.keySet()), "every excused tcId must exist: " + EXCUSED.keySet());
    }

    @TestFactory
    Stream<DynamicNode> everyVectorAgreesWithItsExpectedResult() throws IOException {
        JsonNode root = load();
        List<DynamicNode> groups = new ArrayList<>();
        int index = 0;
        int vectors = 0;
        for (JsonNode group : root.get("testGroups")) {
            GroupKeys keys = keysOf(group);
            JwsVerifier verifier = new JwsVerifier(new StaticKeySource(KeySet.of(keys.keys)),
                    EnumSet.allOf(JwsAlgorithm.class), TOKEN_TYPES);
            List<DynamicTest> tests = new ArrayList<>();
            for (JsonNode vector : group.get("tests")) {
                tests.add(vectorTest(vector, verifier, keys));
                vectors++;
            }
            groups.add(DynamicContainer.dynamicContainer("group " + index++ + ": "
                    + group.path("comment").asText() + " " + keys.keys + keys.notes, tests));
        }
        assertEquals(EXPECTED_VECTORS, vectors, "every vector must become a test");
        return groups.stream();
    }

    private static DynamicTest vectorTest(JsonNode vector, JwsVerifier verifier, GroupKeys keys) {
        int tcId = vector.get("tcId").asInt();
        String expected = vector.get("result").asText();
        String name = "tcId " + tcId + ": " + vector.get("comment").asText() + " (" + expected + ")";
        return DynamicTest.dynamicTest(name, () -> {
            assertTrue("valid".equals(expected) || "invalid".equals(expected),
                    "unknown expected result '" + expected + "'");
            // An exception escaping verify() is a bug in itself: it is not caught here.
            JwsVerifier.Outcome outcome = verifier.verify(vector.get("jws").asText());
            boolean agrees = outcome.isVerified() == "valid".equals(expected);
            String detail = (outcome.isVerified() ? "verified"
                    : "rejected: " + outcome.rejection().description())
                    + "; keys " + keys.keys + keys.notes;
            if (EXCUSED.containsKey(tcId)) {
                assertFalse(agrees, "tcId " + tcId + " is excused as wrong data but now agrees ("
                        + detail + "); remove it from EXCUSED");
            } else {
                assertTrue(agrees, "tcId " + tcId + " expected " + expected + " but was " + detail);
            }
        });
    }

    /**
     * The reasons in {@link #EXCUSED}, checked against the data: if the file is ever corrected,
     * this fails and the excuse must go.
     */
    @Test
    void excusedVectorsAreWrongDataNotOurs() throws IOException {
        JsonNode root = load();
        Map<Integer, JsonNode> vectors = new LinkedHashMap<>();
        Map<Integer, JsonNode> groupOf = new LinkedHashMap<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode vector : group.get("tests")) {
                vectors.put(vector.get("tcId").asInt(), vector);
                groupOf.put(vector.get("tcId").asInt(), group);
            }
        }
        String valid357 = vectors.get(357).get("jws").asText();
        assertEquals("valid", vectors.get(357).get("result").asText());

        // 367, 370: marked invalid, identical to the valid 357.
        for (int tcId : List.of(367, 370)) {
            assertEquals("invalid", vectors.get(tcId).get("result").asText());
            assertEquals(valid357, vectors.get(tcId).get("jws").asText(), "tcId " + tcId);
        }
        // 372, 373: marked valid, 357 with one '?' inserted.
        for (int tcId : List.of(372, 373)) {
            String jws = vectors.get(tcId).get("jws").asText();
            assertEquals("valid", vectors.get(tcId).get("result").asText());
            assertEquals(1, jws.chars().filter(c -> c == '?').count(), "tcId " + tcId);
            assertEquals(valid357, jws.replace("?", ""), "tcId " + tcId);
        }
        // 346, 350: the key says PS256; the very same key bound to PS384 verifies the token.
        for (int tcId : List.of(346, 350)) {
            Map<String, Object> jwk = jwkOf(groupOf.get(tcId));
            assertEquals("PS256", jwk.get("alg"), "tcId " + tcId);
            assertVerifiesWhenBoundTo(jwk, "PS384", vectors.get(tcId), tcId);
        }
        // 347, 351: "ES521" is no JWS algorithm; the same key as ES512 verifies the token.
        for (int tcId : List.of(347, 351)) {
            Map<String, Object> jwk = jwkOf(groupOf.get(tcId));
            assertEquals("ES521", jwk.get("alg"), "tcId " + tcId);
            assertNull(JwsAlgorithm.byName("ES521"));
            assertVerifiesWhenBoundTo(jwk, "ES512", vectors.get(tcId), tcId);
        }
    }

    private static void assertVerifiesWhenBoundTo(Map<String, Object> jwk, String alg,
            JsonNode vector, int tcId) {
        Map<String, Object> relabelled = new LinkedHashMap<>(jwk);
        relabelled.put("alg", alg);
        VerificationKey key = Jwks.parseKey(relabelled, EnumSet.allOf(JwsAlgorithm.class), null,
                DATA, skipped -> fail("tcId " + tcId + ": relabelled key skipped: " + skipped));
        assertNotNull(key);
        JwsVerifier verifier = new JwsVerifier(new StaticKeySource(KeySet.of(List.of(key))),
                EnumSet.allOf(JwsAlgorithm.class), TOKEN_TYPES);
        JwsVerifier.Outcome outcome = verifier.verify(vector.get("jws").asText());
        assertTrue(outcome.isVerified(), () -> "tcId " + tcId + " with the key as " + alg + ": "
                + outcome.rejection().description());
    }

    /** The group's key through {@link Jwks}: skipped and refused keys leave the group empty. */
    private static GroupKeys keysOf(JsonNode group) {
        GroupKeys result = new GroupKeys();
        Map<String, Object> jwk = jwkOf(group);
        try {
            VerificationKey key = Jwks.parseKey(jwk, EnumSet.allOf(JwsAlgorithm.class), null, DATA,
                    skipped -> result.notes.add("skipped: " + skipped));
            if (key != null) {
                result.keys.add(key);
            }
        } catch (IllegalArgumentException e) {
            // A refused key is an outcome under test, not an error: the group then has no key.
            result.notes.add("refused: " + e.getMessage());
        }
        return result;
    }

    /**
     * The group's public JWK; {@code oct} groups have only a "private" JWK, which for a symmetric
     * key is the key itself ({@code k} with its kid, use and alg).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jwkOf(JsonNode group) {
        JsonNode jwk = group.get("public");
        if (jwk == null) {
            jwk = group.get("private");
            assertNotNull(jwk, "group without a key: " + group.path("comment").asText());
            assertEquals("oct", jwk.path("kty").asText(),
                    "only oct groups may lack a public JWK: " + group.path("comment").asText());
            assertTrue(jwk.hasNonNull("k"), "oct JWK without k");
        }
        return JSON.convertValue(jwk, Map.class);
    }

    private static JsonNode load() throws IOException {
        return JSON.readTree(locate().toFile());
    }

    /**
     * Finds the data beside the repository: walks up from the working directory (the module,
     * under Maven) until some ancestor holds {@code shared/conformance/...}; without one, the
     * unchanged copy in this module's test resources ({@code wycheproof/}), so that a clone
     * anywhere runs the vectors.
     */
    private static Path locate() throws IOException {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DATA);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        java.net.URL copy = WycheproofConformanceTest.class.getResource("/" + BUNDLED);
        if (copy == null) {
            return fail("Wycheproof data not found: neither " + DATA + " beside the repository nor "
                    + BUNDLED + " in the test resources");
        }
        try {
            return Path.of(copy.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
