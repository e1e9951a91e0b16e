package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static dev.perimeter.jwt.servlet.Responses.assertNothingLeaks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per known attack on JWT validation, each over real HTTP: the filter answers 401
 * {@code invalid_token}, the application never runs, and neither the answer nor the log repeats
 * the token. Each attack token is otherwise valid (right issuer, audience, time, and where the
 * attack allows it a genuine signature), so the refusal is owed to the attack alone; the few
 * expected acceptances are the controls that prove it.
 */
class JwtFilterAttackTest {

    private static final Instant NOW = Instant.parse("2031-05-01T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long LEEWAY_S = 30;
    private static final String RSA_KID = "rsa-1";
    private static final String EC_KID = "ec-1";
    private static final String RS256_HEADER = TestTokens.header("RS256", RSA_KID);
    private static final String ES256_HEADER = TestTokens.header("ES256", EC_KID);
    private static final String HS256_HEADER = TestTokens.header("HS256", null);
    private static final byte[] SECRET = TestKeys.utf8(TestKeys.SECRET_256);
    private static final int SHORT_MAX_LENGTH = 1000;
    private static final String COOKIE = "access_token";
    private static final AtomicInteger IDS = new AtomicInteger();

    private static final String NOT_CANONICAL = "the token is not three canonical base64url segments";
    private static final String BAD_SIGNATURE = "the token signature is invalid";
    private static final String ALG_NOT_ALLOWED = "the token algorithm is not allowed";
    private static final String ALG_MISMATCH = "the token algorithm does not match its key";
    private static final String UNKNOWN_KEY = "no key is known for the token";
    private static final String FORBIDDEN_HEADER =
            "the token header carries a key or key reference, which is not trusted";
    private static final String DUPLICATE_HEADER_MEMBER =
            "the token header is malformed: duplicate member name";
    private static final String DUPLICATE_CLAIM = "the token claims are malformed: duplicate member name";

    @TempDir
    static Path keys;

    /**
     * The hostile-minded main filter: a JWKS with an RS256 key ({@code rsa-1}) and an ES256 key
     * ({@code ec-1}), plus an HMAC secret without kid, and RS256, PS256, ES256 and HS256 allowed,
     * so that algorithm confusion has every chance.
     */
    private static JettyHarness jetty;
    private static MemoryRevocationStore revocations;
    /** Only the RSA public key (PEM), only RS256. */
    private static JettyHarness rsaOnly;
    /** Only the RSA public key (PEM), but RS256 and HS256 allowed. */
    private static JettyHarness rsaWithHmacAllowed;
    /** The RSA public key and max-token-length 1000. */
    private static JettyHarness shortTokens;
    /** The RSA public key, max-age 60 s, jti and sub required, and tokens also read from a cookie. */
    private static JettyHarness strict;

    private static final Logger PERIMETER_LOG = Logger.getLogger("dev.perimeter");
    private final List<String> logLines = new ArrayList<>();
    private final Handler logCapture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(formatter.format(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws Exception {
        Path jwks = Files.writeString(keys.resolve("jwks.json"), TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA.getPublic(), RSA_KID, "RS256"),
                TestKeys.jwk(TestKeys.EC_P256.getPublic(), EC_KID, null)));
        revocations = new MemoryRevocationStore(CLOCK, Duration.ofSeconds(LEEWAY_S));
        jetty = JettyHarness.withFilter(new JwtFilter(base(CLOCK)
                .algorithms("RS256", "PS256", "ES256", "HS256")
                .jwks("file:" + jwks)
                .secret(TestKeys.SECRET_256)
                .revocationStore(revocations)
                .build()));
        String rsaPem = TestKeys.pem(TestKeys.RSA.getPublic());
        rsaOnly = JettyHarness.withFilter(new JwtFilter(base(CLOCK)
                .algorithms("RS256").publicKey(rsaPem).build()));
        rsaWithHmacAllowed = JettyHarness.withFilter(new JwtFilter(base(CLOCK)
                .algorithms("RS256", "HS256").publicKey(rsaPem).build()));
        shortTokens = JettyHarness.withFilter(new JwtFilter(base(CLOCK)
                .publicKey(rsaPem).set("max-token-length", Integer.toString(SHORT_MAX_LENGTH)).build()));
        strict = JettyHarness.withFilter(new JwtFilter(base(CLOCK)
                .publicKey(rsaPem).set("max-age", "60").set("required-claims", "exp, jti, sub")
                .cookie(COOKIE).build()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (JettyHarness harness : new JettyHarness[] {jetty, rsaOnly, rsaWithHmacAllowed, shortTokens,
            strict}) {
            if (harness != null) {
                harness.close();
            }
        }
    }

    @BeforeEach
    void captureLogs() {
        PERIMETER_LOG.addHandler(logCapture);
    }

    @AfterEach
    void releaseLogs() {
        PERIMETER_LOG.removeHandler(logCapture);
    }

    private static JwtConfig.Builder base(Clock clock) {
        // Each attack is judged on its own check: the budget of failed signatures per address
        // (ForgedTokenFloodTest) would refuse the later ones, all from 127.0.0.1, unchecked.
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).clock(clock)
                .set("signature-failure-limit", "0");
    }

    // --- minting ---

    /**
     * Claims valid at {@link #NOW}, as JSON text. {@code overrides} are pairs of a claim name and
     * its raw JSON value; a null value leaves the claim out, a new name is added at the end.
     */
    private static String claims(String... overrides) {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("iss", quote(TestTokens.ISSUER));
        claims.put("sub", quote("alice"));
        claims.put("aud", quote(TestTokens.AUDIENCE));
        claims.put("iat", Long.toString(NOW_S));
        claims.put("exp", Long.toString(NOW_S + 300));
        claims.put("jti", quote("jti-" + IDS.incrementAndGet()));
        claims.put("groups", "[\"user\"]");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                claims.remove(overrides[i]);
            } else {
                claims.put(overrides[i], overrides[i + 1]);
            }
        }
        StringBuilder json = new StringBuilder("{");
        claims.forEach((name, value) -> json.append(json.length() == 1 ? "" : ",")
                .append(quote(name)).append(':').append(value));
        return json.append('}').toString();
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static String rs256(String header, String payload) {
        return TestTokens.rs256(header, payload);
    }

    private static String rs256(String payload) {
        return rs256(RS256_HEADER, payload);
    }

    private static String es256(String header, String payload) {
        return TestTokens.sign(header, payload, "SHA256withECDSAinP1363Format",
                TestKeys.EC_P256.getPrivate());
    }

    /** base64url of raw bytes, for segments that are not UTF-8 text. */
    private static String b64(byte[] bytes) {
        return Base64Url.encode(bytes);
    }

    // --- assertions ---

    /**
     * Sends {@code token} and asserts the refusal: 401 {@code invalid_token}, the servlet not run,
     * no token text in the answer or the log.
     *
     * @return the {@code error_description}
     */
    private String assertRefused(JettyHarness harness, String token) throws Exception {
        int before = harness.servletCalls();
        HttpResponse<String> response = harness.getWithBearer("/api/me", token);
        String description = assertInvalidToken(response);
        assertNothingLeaks(response, token);
        assertEquals(before, harness.servletCalls(), "the application ran for a refused token");
        assertLogsDoNotContain(token);
        return description;
    }

    private String assertRefused(String token) throws Exception {
        return assertRefused(jetty, token);
    }

    private void assertRefused(String token, String expectedDescription) throws Exception {
        assertEquals(expectedDescription, assertRefused(jetty, token));
    }

    private static void assertAccepted(JettyHarness harness, String token) throws Exception {
        int before = harness.servletCalls();
        assertAdmitted(harness.getWithBearer("/api/me", token), "alice");
        assertEquals(before + 1, harness.servletCalls());
    }

    private static void assertAccepted(String token) throws Exception {
        assertAccepted(jetty, token);
    }

    private void assertLogsDoNotContain(String token) {
        synchronized (logLines) {
            for (String line : logLines) {
                for (String part : token.split("\\.")) {
                    assertFalse(part.length() >= 8 && line.contains(part), "the log repeats the token: " + line);
                }
            }
        }
    }

    // --- controls: the minting used below yields tokens that pass ---

    @Test
    void theTokensTheseAttacksStartFromAreAccepted() throws Exception {
        assertAccepted(rs256(claims()));
        assertAccepted(es256(ES256_HEADER, claims()));
        assertAccepted(TestTokens.hs256(HS256_HEADER, claims(), SECRET));
        assertAccepted(rsaOnly, rs256(TestTokens.header("RS256", null), claims()));
        assertAccepted(rsaWithHmacAllowed, rs256(TestTokens.header("RS256", null), claims()));
        assertAccepted(shortTokens, rs256(TestTokens.header("RS256", null), claims()));
        assertAccepted(strict, rs256(TestTokens.header("RS256", null), claims()));
    }

    // --- alg: none ---

    static Stream<Arguments> algNone() {
        List<Arguments> cases = new ArrayList<>();
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            cases.add(Arguments.of(none, "", NOT_CANONICAL));
            cases.add(Arguments.of(none, b64(TestKeys.utf8("any signature at all")), ALG_NOT_ALLOWED));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "alg \"{0}\", signature \"{1}\"")
    @MethodSource("algNone")
    void anUnsignedTokenWithAlgNoneIsRefused(String none, String signature, String expected)
            throws Exception {
        String token = TestTokens.signingInput("{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}", claims())
                + "." + signature;
        assertRefused(token, expected);
    }

    @ParameterizedTest(name = "alg \"{0}\"")
    @ValueSource(strings = {"rs256", "RS256 ", " RS256", "Rs256", "RS256\\u0000", "RSA256", "HS256\\n"})
    void anAlgorithmNameThatOnlyResemblesAnAllowedOneIsRefused(String alg) throws Exception {
        assertRefused(rs256("{\"alg\":\"" + alg + "\",\"kid\":\"" + RSA_KID + "\"}", claims()),
                ALG_NOT_ALLOWED);
    }

    @Test
    void anAlgThatIsNotAStringIsRefused() throws Exception {
        assertRefused(rs256("{\"alg\":[\"RS256\"],\"kid\":\"" + RSA_KID + "\"}", claims()), ALG_NOT_ALLOWED);
        assertRefused(rs256("{\"kid\":\"" + RSA_KID + "\"}", claims()), ALG_NOT_ALLOWED);
    }

    // --- algorithm confusion: HS256 keyed with the RSA public key ---

    static Stream<Arguments> rsaPublicKeyAsHmacSecret() {
        String pem = TestKeys.pem(TestKeys.RSA.getPublic());
        return Stream.of(
                Arguments.of("PEM text", TestKeys.utf8(pem)),
                Arguments.of("PEM text without final newline", TestKeys.utf8(pem.strip())),
                Arguments.of("DER bytes", TestKeys.RSA.getPublic().getEncoded()),
                Arguments.of("JWK JSON", TestKeys.utf8(TestKeys.jwk(TestKeys.RSA.getPublic(), null, null))),
                Arguments.of("JWK JSON with kid and alg",
                        TestKeys.utf8(TestKeys.jwk(TestKeys.RSA.getPublic(), RSA_KID, "RS256"))));
    }

    @ParameterizedTest(name = "secret: {0}")
    @MethodSource("rsaPublicKeyAsHmacSecret")
    void hs256KeyedWithTheRsaPublicKeyIsRefusedWhereOnlyRs256IsAllowed(String form, byte[] secret)
            throws Exception {
        String token = TestTokens.hs256(HS256_HEADER, claims(), secret);
        assertEquals(ALG_NOT_ALLOWED, assertRefused(rsaOnly, token));
    }

    @ParameterizedTest(name = "secret: {0}")
    @MethodSource("rsaPublicKeyAsHmacSecret")
    void hs256KeyedWithTheRsaPublicKeyIsRefusedEvenWhereHs256IsAllowed(String form, byte[] secret)
            throws Exception {
        // The RSA key is bound to RS256 alone, so no key answers an HS256 token.
        String token = TestTokens.hs256(HS256_HEADER, claims(), secret);
        assertEquals(UNKNOWN_KEY, assertRefused(rsaWithHmacAllowed, token));
    }

    @ParameterizedTest(name = "secret: {0}")
    @MethodSource("rsaPublicKeyAsHmacSecret")
    void hs256KeyedWithTheRsaPublicKeyAndNamingItsKidIsRefused(String form, byte[] secret)
            throws Exception {
        String token = TestTokens.hs256(TestTokens.header("HS256", RSA_KID), claims(), secret);
        assertRefused(token, ALG_MISMATCH);
    }

    @ParameterizedTest(name = "secret: {0}")
    @MethodSource("rsaPublicKeyAsHmacSecret")
    void hs256KeyedWithTheRsaPublicKeyWithoutKidMeetsOnlyTheRealSecret(String form, byte[] secret)
            throws Exception {
        String token = TestTokens.hs256(HS256_HEADER, claims(), secret);
        assertRefused(token, BAD_SIGNATURE);
    }

    // --- a key used with an algorithm it is not bound to ---

    @Test
    void ps256SignedByTheRealRsaKeyUnderTheKidOfItsRs256BindingIsRefused() throws Exception {
        String token = TestTokens.sign(TestTokens.header("PS256", RSA_KID), claims(), "PS256",
                TestKeys.RSA.getPrivate());
        assertRefused(token, ALG_MISMATCH);
    }

    @Test
    void ps256SignedByTheRealRsaKeyWithoutKidFindsNoKey() throws Exception {
        String token = TestTokens.sign(TestTokens.header("PS256", null), claims(), "PS256",
                TestKeys.RSA.getPrivate());
        assertRefused(token, UNKNOWN_KEY);
    }

    @Test
    void rs384SignedByTheRealRsaKeyIsRefusedAsNotAllowed() throws Exception {
        String token = TestTokens.sign(TestTokens.header("RS384", RSA_KID), claims(), "SHA384withRSA",
                TestKeys.RSA.getPrivate());
        assertRefused(token, ALG_NOT_ALLOWED);
    }

    @Test
    void es256UnderTheKidOfTheRsaKeyIsRefused() throws Exception {
        assertRefused(es256(TestTokens.header("ES256", RSA_KID), claims()), ALG_MISMATCH);
    }

    @Test
    void aTokenSignedByAnotherRsaKeyUnderTheRightKidIsRefused() throws Exception {
        String token = TestTokens.sign(RS256_HEADER, claims("groups", "[\"admin\"]"), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate());
        assertRefused(token, BAD_SIGNATURE);
    }

    @Test
    void aGenuineSignatureMovedOntoOtherClaimsIsRefused() throws Exception {
        String genuine = rs256(claims());
        String forged = TestTokens.withSignature(rs256(claims("groups", "[\"admin\"]")),
                TestTokens.signatureOf(genuine));
        assertRefused(forged, BAD_SIGNATURE);
    }

    // --- signature stripping and damage ---

    @Test
    void aTokenWithAnEmptySignatureIsRefused() throws Exception {
        assertRefused(TestTokens.withSignature(rs256(claims()), ""), NOT_CANONICAL);
        assertRefused(TestTokens.withSignature(TestTokens.hs256(HS256_HEADER, claims(), SECRET), ""),
                NOT_CANONICAL);
    }

    @Test
    void aTokenWithATruncatedSignatureIsRefused() throws Exception {
        String token = rs256(claims());
        byte[] signature = Base64Url.decodeCanonical(TestTokens.signatureOf(token));
        byte[] shorter = java.util.Arrays.copyOf(signature, signature.length - 1);
        assertRefused(TestTokens.withSignature(token, b64(shorter)), BAD_SIGNATURE);
        byte[] half = java.util.Arrays.copyOf(signature, signature.length / 2);
        assertRefused(TestTokens.withSignature(token, b64(half)), BAD_SIGNATURE);
        String encoded = TestTokens.signatureOf(token);
        assertRefused(TestTokens.withSignature(token, encoded.substring(0, encoded.length() - 4)));
    }

    @Test
    void anAllZeroEs256SignatureIsRefused() throws Exception {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified in some JDKs.
        String token = TestTokens.withSignature(es256(ES256_HEADER, claims()), b64(new byte[64]));
        assertRefused(token, BAD_SIGNATURE);
    }

    @Test
    void anEs256SignatureOfRAndSEqualToTheCurveOrderIsRefused() throws Exception {
        BigInteger n = ((ECPublicKey) TestKeys.EC_P256.getPublic()).getParams().getOrder();
        byte[] order = fixed(n, 32);
        byte[] signature = new byte[64];
        System.arraycopy(order, 0, signature, 0, 32);
        System.arraycopy(order, 0, signature, 32, 32);
        assertRefused(TestTokens.withSignature(es256(ES256_HEADER, claims()), b64(signature)),
                BAD_SIGNATURE);
    }

    @Test
    void aDerEncodedEs256SignatureIsRefused() throws Exception {
        // JWS wants the fixed-size R || S form (RFC 7518 3.4); DER is another spelling.
        String token = TestTokens.sign(ES256_HEADER, claims(), "SHA256withECDSA",
                TestKeys.EC_P256.getPrivate());
        assertRefused(token, BAD_SIGNATURE);
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return out;
    }

    // --- headers that carry or point to a key ---

    static Stream<Arguments> keyCarryingHeaders() {
        String attackerJwk = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), RSA_KID, "RS256");
        String realJwk = TestKeys.jwk(TestKeys.RSA.getPublic(), RSA_KID, "RS256");
        String certificate = Base64.getEncoder().encodeToString(TestKeys.RSA.getPublic().getEncoded());
        return Stream.of(
                Arguments.of("jwk (the real key)", "\"jwk\":" + realJwk),
                Arguments.of("jwk (an attacker's key)", "\"jwk\":" + attackerJwk),
                Arguments.of("jku", "\"jku\":\"https://attacker.example/jwks.json\""),
                Arguments.of("x5u", "\"x5u\":\"https://attacker.example/cert.pem\""),
                Arguments.of("x5c", "\"x5c\":[\"" + certificate + "\"]"),
                Arguments.of("jku (null)", "\"jku\":null"));
    }

    @ParameterizedTest(name = "{0}, validly signed")
    @MethodSource("keyCarryingHeaders")
    void aHeaderThatCarriesOrPointsToAKeyIsRefusedEvenWithAValidSignature(String name, String member)
            throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\"," + member + "}";
        assertRefused(rs256(header, claims()), FORBIDDEN_HEADER);
    }

    @Test
    void anEmbeddedJwkSigningItsOwnTokenIsRefused() throws Exception {
        // CVE-2018-0114: the token brings the key that verifies it.
        String header = "{\"alg\":\"RS256\",\"jwk\":"
                + TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), null, "RS256") + "}";
        String token = TestTokens.sign(header, claims("groups", "[\"admin\"]"), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate());
        assertRefused(token, FORBIDDEN_HEADER);
    }

    // --- kid injection ---

    static Stream<Arguments> hostileKids() {
        // HMAC with an empty key equals HMAC with a block of zeros (RFC 2104): what /dev/null gives.
        byte[] emptyKey = new byte[64];
        byte[] sqlChosen = TestKeys.utf8("attacker-chosen-secret-of-32-byt");
        return Stream.of(
                Arguments.of("../../../../../../dev/null", emptyKey),
                Arguments.of("../../etc/passwd", TestKeys.utf8("root:x:0:0:root:/root:/bin/bash\n")),
                Arguments.of("/proc/self/environ", emptyKey),
                Arguments.of("' OR 1=1 --", emptyKey),
                Arguments.of("x' UNION SELECT 'attacker-chosen-secret-of-32-byt' --", sqlChosen),
                Arguments.of("rsa-1\u0000", emptyKey),
                Arguments.of("", emptyKey));
    }

    @ParameterizedTest(name = "kid \"{0}\"")
    @MethodSource("hostileKids")
    void aHostileKidWithAnHmacSignatureOfItsChosenKeyIsRefused(String kid, byte[] chosenKey)
            throws Exception {
        String header = "{\"alg\":\"HS256\",\"kid\":\"" + kid.replace("\u0000", "\\u0000") + "\"}";
        assertRefused(TestTokens.hs256(header, claims(), chosenKey), BAD_SIGNATURE);
    }

    @ParameterizedTest(name = "kid \"{0}\"")
    @ValueSource(strings = {"../../etc/passwd", "' OR 1=1 --", "rsa-1/../rsa-1", "RSA-1", "rsa-1 "})
    void aHostileKidFindsNoKeyEvenUnderAGenuineSignature(String kid) throws Exception {
        assertRefused(rs256(TestTokens.header("RS256", kid), claims()), UNKNOWN_KEY);
    }

    @Test
    void aKidThatIsNotAStringIsRefused() throws Exception {
        assertRefused(rs256("{\"alg\":\"RS256\",\"kid\":1}", claims()),
                "the token header's kid is not a string");
        assertRefused(rs256("{\"alg\":\"RS256\",\"kid\":[\"" + RSA_KID + "\"]}", claims()),
                "the token header's kid is not a string");
    }

    // --- size and structure ---

    @Test
    void aTokenLongerThanMaxTokenLengthIsRefusedUnparsed() throws Exception {
        String atLimit = validTokenOfLength(SHORT_MAX_LENGTH);
        assertAccepted(shortTokens, atLimit);
        String overLimit = validTokenOfLength(SHORT_MAX_LENGTH + 2);
        assertEquals("the token is too long", assertRefused(shortTokens, overLimit));
        String garbage = "x".repeat(SHORT_MAX_LENGTH + 1);
        assertEquals("the token is too long", assertRefused(shortTokens, garbage));
    }

    /** A validly signed RS256 token of exactly {@code length} characters. */
    private static String validTokenOfLength(int length) {
        for (int spaces = 0; spaces < 3; spaces++) {
            String header = "{\"alg\":\"RS256\"," + " ".repeat(spaces) + "\"typ\":\"JWT\"}";
            for (int pad = 0; pad < length; pad++) {
                String payload = claims("pad", quote("p".repeat(pad)));
                int size = TestTokens.b64(header).length() + TestTokens.b64(payload).length() + 2 + 342;
                if (size == length) {
                    String token = rs256(header, payload);
                    assertEquals(length, token.length());
                    return token;
                }
                if (size > length) {
                    break;
                }
            }
        }
        throw new IllegalStateException("no token of length " + length);
    }

    @Test
    void aValidlySignedClaimNested1500DeepIsRefused() throws Exception {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        String token = rs256(claims("deep", deep));
        assertTrue(token.length() < 8192, "fits the default max-token-length and the header limit");
        assertRefused(token, "the token claims are malformed: JSON nested too deeply");
    }

    @Test
    void aValidlySignedHeaderNested1500DeepIsRefused() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\",\"x\":"
                + "[".repeat(1500) + "]".repeat(1500) + "}";
        assertRefused(rs256(header, claims()), "the token header is malformed: JSON nested too deeply");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H.P", "H.P.S.S", "H.P.S.H.P", "H..S", ".P.S", "H.P.", "H.P.S.", ".H.P.S",
        "H.P..S", "HPS", ".", ".."})
    void aTokenThatIsNotExactlyThreeNonEmptySegmentsIsRefused(String shape) throws Exception {
        String token = rs256(claims());
        String[] parts = token.split("\\.");
        String reshaped = shape.replace("H", parts[0]).replace("P", parts[1]).replace("S", parts[2]);
        assertRefused(reshaped, NOT_CANONICAL);
    }

    @Test
    void aCompactJweIsRefused() throws Exception {
        String jwe = TestTokens.b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + "..AAAAAAAAAAAAAAAA."
                + TestTokens.b64("ciphertext") + ".AAAAAAAAAAAAAAAAAAAAAA";
        assertRefused(jwe, NOT_CANONICAL);
    }

    @ParameterizedTest(name = "header {0}")
    @ValueSource(strings = {"[]", "null", "\"RS256\"", "{\"alg\":\"RS256\"} {}", "{\"alg\":'RS256'}",
        "{alg:\"RS256\"}", "{\"alg\":\"RS256\",}", ""})
    void aHeaderThatIsNotOneStrictJsonObjectIsRefused(String header) throws Exception {
        String token = header.isEmpty()
                ? "." + TestTokens.b64(claims()) + ".c2ln"
                : rs256(header, claims());
        assertRefused(token);
    }

    // --- non-canonical base64url ---

    enum Segment { HEADER, PAYLOAD, SIGNATURE }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Segment.class)
    void aSegmentWithBase64PaddingIsRefusedEvenWhenSigned(Segment segment) throws Exception {
        assertRefused(respelled(segment, JwtFilterAttackTest::padded), NOT_CANONICAL);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Segment.class)
    void aSegmentWhoseLastCharacterHasUnusedBitsSetIsRefusedEvenWhenSigned(Segment segment)
            throws Exception {
        assertRefused(respelled(segment, JwtFilterAttackTest::withUnusedBitsSet), NOT_CANONICAL);
    }

    @Test
    void anHmacSignatureWithUnusedBitsSetIsRefused() throws Exception {
        String token = TestTokens.hs256(HS256_HEADER, claims(), SECRET);
        assertEquals(3, TestTokens.signatureOf(token).length() % 4, "32 bytes leave 2 unused bits");
        assertRefused(TestTokens.withSignature(token, withUnusedBitsSet(TestTokens.signatureOf(token))),
                NOT_CANONICAL);
        assertRefused(TestTokens.withSignature(token, TestTokens.signatureOf(token) + "="), NOT_CANONICAL);
    }

    @Test
    void aSignatureInTheStandardBase64AlphabetIsRefused() throws Exception {
        String token = rs256(claims());
        while (!TestTokens.signatureOf(token).matches(".*[-_].*")) {
            token = rs256(claims());
        }
        String standard = TestTokens.signatureOf(token).replace('-', '+').replace('_', '/');
        assertRefused(TestTokens.withSignature(token, standard), NOT_CANONICAL);
    }

    /**
     * A token whose {@code segment} is re-spelled by {@code respell} (the same bytes, another
     * text). A re-spelled header or payload is signed as spelled, so only the spelling is wrong;
     * a re-spelled signature still decodes to the genuine signature.
     */
    private static String respelled(Segment segment, java.util.function.UnaryOperator<String> respell) {
        // Odd lengths (not a multiple of 3 bytes) leave unused bits in the last character.
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\"}";
        header = TestTokens.b64(header).length() % 4 == 0 ? header.replace(",", ", ") : header;
        String payload = claims();
        payload = TestTokens.b64(payload).length() % 4 == 0 ? payload.replace("{", "{ ") : payload;
        String encodedHeader = TestTokens.b64(header);
        String encodedPayload = TestTokens.b64(payload);
        assertNotEquals(0, encodedHeader.length() % 4);
        assertNotEquals(0, encodedPayload.length() % 4);
        switch (segment) {
            case HEADER:
                return TestTokens.signOver(respell.apply(encodedHeader) + "." + encodedPayload,
                        "SHA256withRSA", TestKeys.RSA.getPrivate());
            case PAYLOAD:
                return TestTokens.signOver(encodedHeader + "." + respell.apply(encodedPayload),
                        "SHA256withRSA", TestKeys.RSA.getPrivate());
            default:
                String token = rs256(header, payload);
                String signature = TestTokens.signatureOf(token);
                assertNotEquals(0, signature.length() % 4, "256 bytes leave 4 unused bits");
                return TestTokens.withSignature(token, respell.apply(signature));
        }
    }

    private static String padded(String encoded) {
        return encoded + "=".repeat((4 - encoded.length() % 4) % 4);
    }

    /** The same bytes with the last character's unused low bits set: a second spelling. */
    private static String withUnusedBitsSet(String encoded) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int unusedBits = encoded.length() % 4 == 2 ? 4 : 2;
        char last = encoded.charAt(encoded.length() - 1);
        int value = alphabet.indexOf(last) | ((1 << unusedBits) - 1);
        String respelled = encoded.substring(0, encoded.length() - 1) + alphabet.charAt(value);
        // The JDK's decoder ignores those bits: without the canonical check both spellings are one.
        assertArrayEquals(Base64.getUrlDecoder().decode(encoded), Base64.getUrlDecoder().decode(respelled));
        return respelled;
    }

    // --- exp of the wrong type ---

    static Stream<Arguments> badExp() {
        return Stream.of(
                Arguments.of("null", "the token lacks the required claim exp"),
                Arguments.of(quote(Long.toString(NOW_S + 300)), "the claim exp is not a NumericDate"),
                Arguments.of("\"tomorrow\"", "the claim exp is not a NumericDate"),
                Arguments.of("1e30", "the claim exp is out of range"),
                Arguments.of("1e400", "the claim exp is out of range"),
                Arguments.of("123456789012345678901234567890", "the claim exp is out of range"),
                Arguments.of("-1", "the claim exp is out of range"),
                Arguments.of("true", "the claim exp is not a NumericDate"),
                Arguments.of("false", "the claim exp is not a NumericDate"),
                Arguments.of("[" + (NOW_S + 300) + "]", "the claim exp is not a NumericDate"),
                Arguments.of("{}", "the claim exp is not a NumericDate"));
    }

    @ParameterizedTest(name = "exp: {0}")
    @MethodSource("badExp")
    void aValidlySignedTokenWithAnExpThatIsNoNumericDateIsRefused(String exp, String expected)
            throws Exception {
        assertRefused(rs256(claims("exp", exp)), expected);
    }

    @Test
    void aTokenWithoutExpIsRefused() throws Exception {
        assertRefused(rs256(claims("exp", null)), "the token lacks the required claim exp");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "nbf | \"soon\"", "nbf | true", "nbf | 1e30", "iat | \"now\"", "iat | -5", "iat | [1]"})
    void aValidlySignedTokenWithAnotherDateClaimOfTheWrongTypeIsRefused(String claim, String value)
            throws Exception {
        assertRefused(rs256(claims(claim, value)));
    }

    // --- duplicate members ---

    @Test
    void twoExpClaimsAreRefusedWhicheverComesLast() throws Exception {
        String expiredLast = claims().replace("}", ",\"exp\":" + (NOW_S - 3600) + "}");
        String validLast = claims("exp", Long.toString(NOW_S - 3600))
                .replace("}", ",\"exp\":" + (NOW_S + 3600) + "}");
        assertRefused(rs256(expiredLast), DUPLICATE_CLAIM);
        assertRefused(rs256(validLast), DUPLICATE_CLAIM);
    }

    @Test
    void twoSubClaimsAreRefused() throws Exception {
        assertRefused(rs256(claims().replace("}", ",\"sub\":\"admin\"}")), DUPLICATE_CLAIM);
    }

    @Test
    void aDuplicateClaimSpelledWithAUnicodeEscapeIsRefused() throws Exception {
        assertRefused(rs256(claims().replace("}", ",\"s\\u0075b\":\"admin\"}")), DUPLICATE_CLAIM);
    }

    @Test
    void aDuplicateMemberInsideANestedClaimIsRefused() throws Exception {
        assertRefused(rs256(claims("realm_access", "{\"roles\":[\"user\"],\"roles\":[\"admin\"]}")),
                DUPLICATE_CLAIM);
    }

    @Test
    void twoAlgHeaderMembersAreRefused() throws Exception {
        assertRefused(rs256("{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\"}", claims()),
                DUPLICATE_HEADER_MEMBER);
        assertRefused(rs256("{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\",\"alg\":\"RS256\"}", claims()),
                DUPLICATE_HEADER_MEMBER);
    }

    @Test
    void twoKidHeaderMembersAreRefused() throws Exception {
        assertRefused(rs256("{\"alg\":\"RS256\",\"kid\":\"other\",\"kid\":\"" + RSA_KID + "\"}", claims()),
                DUPLICATE_HEADER_MEMBER);
    }

    // --- crit and typ ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"crit\":[\"x-perimeter-unknown\"],\"x-perimeter-unknown\":true",
        "\"crit\":[\"b64\"],\"b64\":false",
        "\"crit\":[\"exp\"],\"exp\":1",
        "\"crit\":[]",
        "\"crit\":\"x\""})
    void aCriticalExtensionIsRefused(String crit) throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\"," + crit + "}";
        assertRefused(rs256(header, claims()), "the token requires an unsupported critical extension");
    }

    @ParameterizedTest(name = "typ {0}")
    @ValueSource(strings = {"\"JOSE+JSON\"", "\"secevent+jwt\"", "\"JOSE\"", "\"dpop+jwt\"",
        "\"application/secevent+jwt\"", "\"\"", "\"JWT \"", "1", "[\"JWT\"]"})
    void aTypeThatIsNotAcceptedIsRefused(String typ) throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\",\"typ\":" + typ + "}";
        assertRefused(rs256(header, claims()), "the token type is not accepted");
    }

    @ParameterizedTest(name = "typ {0}")
    @ValueSource(strings = {"JWT", "jwt", "at+jwt", "application/at+jwt", "application/JWT"})
    void anAcceptedTypeInAnySpellingRFC7515AllowsPasses(String typ) throws Exception {
        assertAccepted(rs256("{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\",\"typ\":\"" + typ + "\"}",
                claims()));
    }

    // --- time ---

    @Test
    void aTokenExpiredWithinTheLeewayIsAccepted() throws Exception {
        assertAccepted(rs256(claims("iat", Long.toString(NOW_S - 600), "exp", Long.toString(NOW_S - 10))));
    }

    @Test
    void aTokenExpiredBeyondTheLeewayIsRefused() throws Exception {
        assertRefused(rs256(claims("iat", Long.toString(NOW_S - 600), "exp",
                Long.toString(NOW_S - LEEWAY_S - 1))), "the token has expired");
    }

    @Test
    void aTokenIsAcceptedUntilTheLastInstantBeforeExpPlusLeewayAndRefusedAtIt() throws Exception {
        long exp = NOW_S - LEEWAY_S;
        String token = rs256(TestTokens.header("RS256", null),
                claims("iat", Long.toString(NOW_S - 600), "exp", Long.toString(exp)));
        Instant boundary = Instant.ofEpochSecond(exp).plusSeconds(LEEWAY_S);
        try (JettyHarness justBefore = rsaHarnessAt(boundary.minusMillis(1));
                JettyHarness atBoundary = rsaHarnessAt(boundary)) {
            assertAccepted(justBefore, token);
            assertEquals("the token has expired", assertRefused(atBoundary, token));
        }
        assertRefused(token, "the token has expired");
    }

    @Test
    void aFractionalExpCountsOnlyItsWholeSeconds() throws Exception {
        // exp + leeway = NOW + 0.9 s would still be valid at NOW; flooring it is the safe reading.
        String token = rs256(claims("exp", (NOW_S - LEEWAY_S) + ".9"));
        assertRefused(token, "the token has expired");
        assertAccepted(rs256(claims("exp", (NOW_S + 60) + ".5")));
    }

    @Test
    void aTokenNotValidBeforeBeyondTheLeewayIsRefusedAndWithinItAccepted() throws Exception {
        assertRefused(rs256(claims("nbf", Long.toString(NOW_S + LEEWAY_S + 1))), "the token is not valid yet");
        assertAccepted(rs256(claims("nbf", Long.toString(NOW_S + LEEWAY_S))));
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheLeewayIsRefusedAndWithinItAccepted() throws Exception {
        assertRefused(rs256(claims("iat", Long.toString(NOW_S + LEEWAY_S + 1))),
                "the token was issued in the future");
        assertAccepted(rs256(claims("iat", Long.toString(NOW_S + LEEWAY_S))));
    }

    private static JettyHarness rsaHarnessAt(Instant instant) throws Exception {
        return JettyHarness.withFilter(new JwtFilter(base(Clock.fixed(instant, ZoneOffset.UTC))
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).build()));
    }

    // --- issuer and audience ---

    @ParameterizedTest(name = "iss {0}")
    @ValueSource(strings = {"\"https://evil.test\"", "\"https://issuer.test/\"", "\"HTTPS://ISSUER.TEST\"",
        "\"https://issuer.test.evil.test\"", "\" https://issuer.test\"", "\"\"", "null"})
    void aTokenFromAnotherIssuerIsRefused(String iss) throws Exception {
        assertRefused(rs256(claims("iss", iss)), "the token issuer is not accepted");
    }

    @Test
    void aTokenWithoutIssuerIsRefused() throws Exception {
        assertRefused(rs256(claims("iss", null)), "the token issuer is not accepted");
    }

    @Test
    void anIssuerThatIsNotAStringIsRefused() throws Exception {
        assertRefused(rs256(claims("iss", "[\"" + TestTokens.ISSUER + "\"]")));
    }

    @ParameterizedTest(name = "aud {0}")
    @ValueSource(strings = {"\"another-service\"", "[\"another-service\"]", "[]", "\"\"", "42",
        "\"PERIMETER-TEST\"", "\"perimeter-test \"", "{\"aud\":\"perimeter-test\"}", "null"})
    void aTokenForAnotherAudienceIsRefused(String aud) throws Exception {
        assertRefused(rs256(claims("aud", aud)), "the token audience is not accepted");
    }

    @Test
    void aTokenWithoutAudienceIsRefused() throws Exception {
        assertRefused(rs256(claims("aud", null)), "the token audience is not accepted");
    }

    @Test
    void aMultiValuedAudienceThatContainsOursIsAccepted() throws Exception {
        assertAccepted(rs256(claims("aud", "[\"another-service\",\"" + TestTokens.AUDIENCE + "\"]")));
    }

    // --- payloads that are no claim set ---

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(strings = {"null", "[]", "\"alice\"", "42", "true", "{\"sub\":\"alice\"} {}", "{"})
    void aValidlySignedPayloadThatIsNoJsonObjectIsRefused(String payload) throws Exception {
        assertTrue(assertRefused(rs256(payload)).startsWith("the token claims are malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE"})
    void aValidlySignedPayloadInAnotherUnicodeEncodingIsRefused(String charset) throws Exception {
        // RFC 7519 section 7.2 and RFC 8259 section 8.1: JSON in a JWT is UTF-8, nothing else.
        byte[] encoded = claims().getBytes(java.nio.charset.Charset.forName(charset));
        String token = TestTokens.signOver(TestTokens.b64(RS256_HEADER) + "." + b64(encoded),
                "SHA256withRSA", TestKeys.RSA.getPrivate());
        assertTrue(assertRefused(token).startsWith("the token claims are malformed: "));
    }

    @Test
    void aValidlySignedHeaderInUtf16IsRefused() throws Exception {
        byte[] utf16 = RS256_HEADER.getBytes(StandardCharsets.UTF_16BE);
        String token = TestTokens.signOver(b64(utf16) + "." + TestTokens.b64(claims()),
                "SHA256withRSA", TestKeys.RSA.getPrivate());
        assertTrue(assertRefused(token).startsWith("the token header is malformed: "));
    }

    @Test
    void anAlgSpelledWithAnOverlongUtf8EncodingIsRefused() throws Exception {
        // "RS2\xC0\xB556": an overlong '5' that a lenient decoder reads as RS256.
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(TestKeys.utf8("{\"alg\":\"RS2"));
        header.write(0xC0);
        header.write(0xB5);
        header.writeBytes(TestKeys.utf8("6\",\"kid\":\"" + RSA_KID + "\"}"));
        String token = TestTokens.signOver(b64(header.toByteArray()) + "." + TestTokens.b64(claims()),
                "SHA256withRSA", TestKeys.RSA.getPrivate());
        assertRefused(token, "the token header is malformed: not UTF-8");
    }

    @Test
    void aValidlySignedClaimWithAnOverlongUtf8EncodingIsRefused() throws Exception {
        // "adm\xC1\xA9n": an overlong 'i' (RFC 3629 section 3 forbids decoding it) spelling "admin".
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(TestKeys.utf8(claims("sub", null, "upn", null).replace("}", ",\"sub\":\"adm")));
        payload.write(0xC1);
        payload.write(0xA9);
        payload.writeBytes(TestKeys.utf8("n\"}"));
        String token = TestTokens.signOver(TestTokens.b64(RS256_HEADER) + "." + b64(payload.toByteArray()),
                "SHA256withRSA", TestKeys.RSA.getPrivate());
        assertRefused(token, "the token claims are malformed: not UTF-8");
    }

    @Test
    void aValidlySignedClaimWithAnEncodedSurrogateIsRefused() throws Exception {
        // ED A0 80 is U+D800 encoded as if it were a character: not UTF-8 (RFC 3629 section 3).
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(TestKeys.utf8(claims("sub", null).replace("}", ",\"sub\":\"al")));
        payload.write(0xED);
        payload.write(0xA0);
        payload.write(0x80);
        payload.writeBytes(TestKeys.utf8("ice\"}"));
        String token = TestTokens.signOver(TestTokens.b64(RS256_HEADER) + "." + b64(payload.toByteArray()),
                "SHA256withRSA", TestKeys.RSA.getPrivate());
        assertRefused(token, "the token claims are malformed: not UTF-8");
    }

    // --- revocation ---

    @Test
    void aRevokedTokenIsRefusedFromTheMomentItIsRevoked() throws Exception {
        String jti = "revoked-" + IDS.incrementAndGet();
        String token = rs256(claims("jti", quote(jti)));
        assertAccepted(token);
        revocations.revokeToken(jti, NOW.plusSeconds(300));
        assertRefused(token, "the token has been revoked");
    }

    @Test
    void everyTokenOfARevokedSubjectIssuedBeforeTheCutoffIsRefused() throws Exception {
        String subject = "mallory-" + IDS.incrementAndGet();
        String older = rs256(claims("sub", quote(subject), "iat", Long.toString(NOW_S - 60)));
        String withoutIat = rs256(claims("sub", quote(subject), "iat", null));
        String newer = rs256(claims("sub", quote(subject), "iat", Long.toString(NOW_S)));
        revocations.revokeSubject(subject, NOW.minusSeconds(10));
        assertRefused(older, "the token has been revoked");
        assertRefused(withoutIat, "the token has been revoked");
        int before = jetty.servletCalls();
        assertAdmitted(jetty.getWithBearer("/api/me", newer), subject);
        assertEquals(before + 1, jetty.servletCalls(), "a token issued after the cutoff still passes");
    }

    // --- max-age and required-claims ---

    @Test
    void aTokenOlderThanMaxAgeIsRefusedAndOneJustWithinItAccepted() throws Exception {
        // Refused once now - leeway is after iat + max-age: iat before NOW - 90 s.
        assertEquals("the token is older than the maximum age", assertRefused(strict,
                rs256(claims("iat", Long.toString(NOW_S - 60 - LEEWAY_S - 1)))));
        assertAccepted(strict, rs256(claims("iat", Long.toString(NOW_S - 60 - LEEWAY_S))));
    }

    @Test
    void aTokenWithoutIatIsRefusedWhereMaxAgeNeedsIt() throws Exception {
        assertEquals("the token lacks the claim iat, which max-age needs",
                assertRefused(strict, rs256(claims("iat", null))));
        assertEquals("the token lacks the claim iat, which max-age needs",
                assertRefused(strict, rs256(claims("iat", "null"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jti", "sub"})
    void aTokenWithoutARequiredClaimIsRefused(String claim) throws Exception {
        assertEquals("the token lacks the required claim " + claim,
                assertRefused(strict, rs256(claims(claim, null))));
        assertEquals("the token lacks the required claim " + claim,
                assertRefused(strict, rs256(claims(claim, "null"))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "sub | 42", "sub | [\"alice\"]", "sub | {\"name\":\"alice\"}", "jti | 7", "jti | true"})
    void aSubjectOrTokenIdThatIsNotAStringIsRefused(String claim, String value) throws Exception {
        assertEquals("the claim " + claim + " is not a string", assertRefused(rs256(claims(claim, value))));
    }

    @Test
    void aTokenWithNoPrincipalClaimIsRefused() throws Exception {
        assertRefused(rs256(claims("sub", null)),
                "the token has none of the principal claims [upn, preferred_username, sub]");
        assertRefused(rs256(claims("sub", "\"\"")),
                "the token has none of the principal claims [upn, preferred_username, sub]");
    }

    // --- the cookie transport gets the same scrutiny ---

    @Test
    void anAttackTokenInTheCookieIsRefusedLikeOneInTheHeader() throws Exception {
        String none = TestTokens.signingInput("{\"alg\":\"none\"}", claims()) + ".";
        String confused = TestTokens.hs256(HS256_HEADER, claims(),
                TestKeys.utf8(TestKeys.pem(TestKeys.RSA.getPublic())));
        String forged = TestTokens.sign(TestTokens.header("RS256", null), claims("groups", "[\"admin\"]"),
                "SHA256withRSA", TestKeys.RSA_OTHER.getPrivate());
        for (String token : List.of(none, confused, forged)) {
            int before = strict.servletCalls();
            HttpResponse<String> response = strict.send(strict.request("/api/me")
                    .header("Cookie", COOKIE + "=" + token).GET().build());
            assertInvalidToken(response);
            assertNothingLeaks(response, token);
            assertLogsDoNotContain(token);
            assertEquals(before, strict.servletCalls());
        }
    }

    // --- tampering ---

    @Test
    void noSingleCharacterChangeToAValidTokenIsAccepted() throws Exception {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // A compact ES256 token keeps the sweep short: every position, changed and dropped.
        String token = es256(ES256_HEADER, claims("jti", null, "groups", null));
        assertAccepted(token);
        int before = jetty.servletCalls();
        for (int i = 0; i < token.length(); i++) {
            char original = token.charAt(i);
            char replacement = original == '.' ? 'A'
                    : alphabet.charAt((alphabet.indexOf(original) + 1) % alphabet.length());
            String changed = token.substring(0, i) + replacement + token.substring(i + 1);
            HttpResponse<String> response = jetty.getWithBearer("/api/me", changed);
            assertEquals(401, response.statusCode(), "changed at " + i + ": " + response.body());
            String dropped = token.substring(0, i) + token.substring(i + 1);
            assertEquals(401, jetty.getWithBearer("/api/me", dropped).statusCode(), "dropped at " + i);
        }
        assertEquals(before, jetty.servletCalls());
        assertLogsDoNotContain(token);
    }
}
