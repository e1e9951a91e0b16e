package dev.perimeter.jwt.config;

import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.csrf.CsrfMode;
import static dev.perimeter.jwt.testing.TestTokens.AUDIENCE;
import static dev.perimeter.jwt.testing.TestTokens.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import dev.perimeter.jwt.Perimeters;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtConfigTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final String RSA_PEM = TestKeys.pem(TestKeys.RSA.getPublic());

    @TempDir
    Path dir;

    // --- helpers ---

    /** Issuer, audience and an RSA public key: a configuration that builds. */
    private static JwtConfig.Builder valid() {
        return JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE).publicKey(RSA_PEM);
    }

    /** Issuer, audience and an HMAC secret for {@code algorithm}. */
    private static JwtConfig.Builder withSecret(String algorithm, String secret) {
        return JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE).algorithms(algorithm)
                .secret(secret);
    }

    /** Builds, expects a ConfigException naming {@code parameter}, and returns it. */
    private static ConfigException failsNaming(String parameter, JwtConfig.Builder builder) {
        ConfigException e = assertThrows(ConfigException.class, builder::build);
        assertNames(parameter, e);
        return e;
    }

    private static void assertNames(String parameter, ConfigException e) {
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + parameter + "'"), e.getMessage());
    }

    /** Every message in the cause chain, joined. */
    private static String allMessages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    private static String base64(int bytes) {
        byte[] secret = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            secret[i] = (byte) (i * 37 + 11);
        }
        return "base64:" + Base64.getEncoder().encodeToString(secret);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String modulusBase64Url(RSAPublicKey key) {
        byte[] bytes = key.getModulus().toByteArray();
        if (bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64Url.encode(bytes);
    }

    private static String middle(String text, int length) {
        int start = (text.length() - length) / 2;
        return text.substring(start, start + length);
    }

    // --- a configuration that builds ---

    @Test
    void aMinimalConfigurationGetsTheDocumentedDefaults() {
        JwtConfig config = valid().build();
        assertEquals(Set.of(ISSUER), config.issuers());
        assertEquals(Set.of(AUDIENCE), config.audiences());
        assertEquals(Set.of(JwsAlgorithm.RS256), config.algorithms());
        assertEquals(Duration.ofSeconds(30), config.leeway());
        assertNull(config.maxAge());
        assertEquals(List.of("exp"), config.requiredClaims());
        assertTrue(config.tokenTypes().accepts("JWT"));
        assertTrue(config.tokenTypes().accepts("at+jwt"));
        assertTrue(config.tokenTypes().accepts(null));
        assertFalse(config.tokenTypes().accepts("refresh+jwt"));
        assertEquals("Authorization", config.header());
        assertNull(config.cookie());
        assertEquals(CsrfMode.DOUBLE_SUBMIT, config.csrf());
        assertEquals(List.of("groups"), config.rolesClaims());
        assertEquals(List.of("upn", "preferred_username", "sub"), config.principalClaims());
        assertTrue(config.publicPaths().isEmpty());
        assertTrue(config.rules().isEmpty());
        assertEquals(Duration.ofSeconds(2), config.revocationSync());
        assertNull(config.realm());
        assertEquals(8192, config.maxTokenLength());
    }

    @Test
    void noAudienceBuildsButLogsAWarning() {
        try (LogRecorder log = LogRecorder.of(JwtConfig.class)) {
            JwtConfig config = JwtConfig.builder().issuer(ISSUER).publicKey(RSA_PEM).build();
            assertTrue(config.audiences().isEmpty());
            assertTrue(log.messages(Level.WARNING).stream().anyMatch(m -> m.contains("'audience'")),
                    log.messages().toString());
        }
    }

    @Test
    void memoryRevocationBuildsButWarnsThatItForgetsOnRestart() {
        try (LogRecorder log = LogRecorder.of(JwtConfig.class)) {
            valid().build();
            assertTrue(log.messages(Level.WARNING).stream()
                    .anyMatch(m -> m.contains("revocation is 'memory'")), log.messages().toString());
        }
    }

    @Test
    void requiredClaimsWithoutExpBuildsButWarnsThatTokensMayNeverExpire() {
        try (LogRecorder log = LogRecorder.of(JwtConfig.class)) {
            valid().set("required-claims", "sub").build();
            assertTrue(log.messages(Level.WARNING).stream()
                    .anyMatch(m -> m.contains("does not include exp")), log.messages().toString());
        }
    }

    @Test
    void aBase64SecretWithAStrayCharacterFailsRatherThanDecodingToAnotherKey() {
        String secret = "base64:" + Base64.getEncoder().encodeToString(new byte[32]);
        failsNaming("secret", withSecret("HS256", secret.substring(0, 20) + "*" + secret.substring(20)));
    }

    // --- issuer ---

    @Test
    void aConfigurationWithoutIssuerFailsNamingIssuer() {
        failsNaming("issuer", JwtConfig.builder().audience(AUDIENCE).publicKey(RSA_PEM));
    }

    @Test
    void anIssuerOfOnlyCommasAndBlanksCountsAsNone() {
        failsNaming("issuer", valid().set("issuer", " , \n ,"));
    }

    @Test
    void severalIssuersAreSplitOnCommasAndTrimmed() {
        JwtConfig config = valid().set("issuer", " https://a.test , https://b.test\n")
                .set("keys-issuer", "*").build();
        assertEquals(List.of("https://a.test", "https://b.test"), List.copyOf(config.issuers()));
    }

    // --- HMAC secrets ---

    @ParameterizedTest
    @CsvSource({"HS256, 31", "HS384, 47", "HS512, 63"})
    void anHmacSecretShorterThanItsAlgorithmNeedsFailsNamingSecret(String algorithm, int bytes) {
        String secret = "s".repeat(bytes);
        ConfigException e = failsNaming("secret", withSecret(algorithm, secret));
        assertTrue(e.getMessage().contains(algorithm), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"HS256, 32", "HS384, 48", "HS512, 64"})
    void anHmacSecretOfExactlyTheMinimumLengthBuilds(String algorithm, int bytes) {
        JwtConfig config = withSecret(algorithm, "s".repeat(bytes)).build();
        assertEquals(Set.of(JwsAlgorithm.byName(algorithm)), config.algorithms());
    }

    @Test
    void theTestSecretsHaveTheirAdvertisedLengths() {
        assertEquals(32, TestKeys.utf8(TestKeys.SECRET_256).length);
        assertEquals(48, TestKeys.utf8(TestKeys.SECRET_384).length);
        assertEquals(64, TestKeys.utf8(TestKeys.SECRET_512).length);
    }

    @Test
    void aSecretIsMeasuredInUtf8BytesNotCharacters() {
        // 16 characters of two bytes each: 32 bytes, enough for HS256.
        withSecret("HS256", "é".repeat(16)).build();
        failsNaming("secret", withSecret("HS256", "é".repeat(15)));
    }

    @ParameterizedTest
    @CsvSource({"HS256, 31", "HS384, 47", "HS512, 63"})
    void aBase64SecretIsMeasuredInDecodedBytes(String algorithm, int bytes) {
        String secret = base64(bytes);
        assertTrue(secret.length() > bytes + 1, "the text is longer than the minimum");
        failsNaming("secret", withSecret(algorithm, secret));
        withSecret(algorithm, base64(bytes + 1)).build();
    }

    @Test
    void aBase64SecretMayUseTheUrlSafeAlphabet() {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) 0xfb); // encodes with '+' and '/' in the standard alphabet
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertTrue(url.contains("-") || url.contains("_"), url);
        withSecret("HS256", "base64:" + url).build();
    }

    @Test
    void aSecretThatIsNotValidBase64FailsNamingSecret() {
        failsNaming("secret", withSecret("HS256", "base64:!!!not*base64!!!"));
    }

    @Test
    void aSecretWithoutAnHmacAlgorithmAllowedFailsNamingSecret() {
        ConfigException e = failsNaming("secret", JwtConfig.builder().issuer(ISSUER)
                .audience(AUDIENCE).secret(TestKeys.SECRET_256));
        assertTrue(e.getMessage().contains("algorithms"), e.getMessage());
    }

    @Test
    void aSecretWithTwoHmacAlgorithmsAllowedIsAmbiguousAndFails() {
        ConfigException e = failsNaming("secret", withSecret("HS256,HS512", TestKeys.SECRET_512));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    // --- public keys and key sets ---

    @Test
    void anRsaPublicKeyUnder2048BitsFailsNamingPublicKey() {
        ConfigException e = failsNaming("public-key", JwtConfig.builder().issuer(ISSUER)
                .audience(AUDIENCE).publicKey(TestKeys.pem(TestKeys.RSA_1024.getPublic())));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void anRsaKeyUnder2048BitsInAJwksFailsNamingJwks() throws IOException {
        Path jwks = write("weak.json", TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA_1024.getPublic(), "weak", "RS256")));
        ConfigException e = failsNaming("jwks", JwtConfig.builder().issuer(ISSUER)
                .audience(AUDIENCE).jwks("file:" + jwks));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void anRsaPublicKeyWithTwoRsaAlgorithmsAllowedIsAmbiguousAndFails() {
        ConfigException e = failsNaming("public-key", valid().algorithms("RS256,PS256"));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void aJwksKeyWithoutAlgIsAmbiguousWhenTwoRsaAlgorithmsAreAllowed() throws IOException {
        Path jwks = write("noalg.json", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", null)));
        failsNaming("jwks", JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .algorithms("RS256,PS256").jwks("file:" + jwks));
    }

    @Test
    void aJwksKeyWithItsOwnAlgIsBoundToItEvenWhenSeveralAreAllowed() throws IOException {
        Path jwks = write("alg.json", TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "PS256"),
                TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k2", "RS256")));
        JwtConfig config = JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .algorithms("RS256,PS256").jwks("file:" + jwks).build();
        KeySet keys = config.startKeySource().current();
        assertEquals(JwsAlgorithm.PS256, keys.find("k1", JwsAlgorithm.PS256).algorithm());
        assertNull(keys.find("k1", JwsAlgorithm.RS256));
        assertEquals(JwsAlgorithm.RS256, keys.find("k2", JwsAlgorithm.RS256).algorithm());
    }

    @Test
    void anEcKeyIsBoundToTheAlgorithmOfItsCurve() {
        JwtConfig config = JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .algorithms("ES256,ES384").publicKey(TestKeys.pem(TestKeys.EC_P384.getPublic()))
                .build();
        assertEquals(JwsAlgorithm.ES384, config.startKeySource().current().keys().get(0).algorithm());
    }

    @Test
    void anEcKeyWhoseCurveAlgorithmIsNotAllowedFailsNamingPublicKey() {
        failsNaming("public-key", JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .algorithms("ES256").publicKey(TestKeys.pem(TestKeys.EC_P384.getPublic())));
    }

    @Test
    void noKeyAtAllFailsNamingTheKeyParameters() {
        ConfigException e = assertThrows(ConfigException.class,
                JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)::build);
        for (String parameter : List.of("'public-key'", "'secret'", "'jwks'")) {
            assertTrue(e.getMessage().contains(parameter), e.getMessage());
        }
    }

    @Test
    void aPublicKeyThatIsNeitherPemNorALocationFailsNamingPublicKey() {
        failsNaming("public-key", valid().publicKey("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"));
    }

    @Test
    void aMissingPublicKeyFileFailsNamingPublicKeyAndTheLocation() {
        String location = "file:" + dir.resolve("absent.pem");
        ConfigException e = failsNaming("public-key", valid().publicKey(location));
        assertTrue(e.getMessage().contains(location), e.getMessage());
    }

    @Test
    void aPublicKeyIsReadFromAFileLocation() throws IOException {
        Path pem = write("key.pem", RSA_PEM);
        JwtConfig config = valid().publicKey("file:" + pem).build();
        assertEquals(JwsAlgorithm.RS256, config.startKeySource().current().keys().get(0).algorithm());
    }

    @Test
    void aWebResourceLocationIsReadThroughTheGivenResourceLoader() {
        JwtConfig config = valid().publicKey("/WEB-INF/key.pem")
                .resourceLoader(location -> {
                    assertEquals("/WEB-INF/key.pem", location);
                    return RSA_PEM.getBytes(StandardCharsets.US_ASCII);
                })
                .build();
        assertEquals(1, config.startKeySource().current().keys().size());
    }

    @Test
    void aWebResourceLocationWithoutAServletContextIsNotFound() {
        failsNaming("public-key", valid().publicKey("/WEB-INF/key.pem"));
    }

    @Test
    void aPrivateKeyGivenAsPublicKeyFailsWithoutQuotingIt() {
        String body = Base64.getMimeEncoder().encodeToString(TestKeys.RSA.getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        ConfigException e = failsNaming("public-key", valid().publicKey(pem));
        assertFalse(allMessages(e).contains(middle(body.replace("\r\n", ""), 24)), e.getMessage());
    }

    @Test
    void twoKeysThatWouldAnswerTheSameTokensFailNamingJwks() throws IOException {
        Path jwks = write("dup.json", TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA.getPublic(), "same", "RS256"),
                TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "same", "RS256")));
        failsNaming("jwks", JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .jwks("file:" + jwks));
    }

    @Test
    void aJwksWithNoUsableKeyFailsNamingJwks() throws IOException {
        Path jwks = write("enc.json", "{\"keys\":[" + TestKeys.jwk(TestKeys.RSA.getPublic(), "e1", null)
                .replace("}", ",\"use\":\"enc\"}") + "]}");
        failsNaming("jwks", JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .jwks("file:" + jwks));
    }

    @Test
    void aKeySourceSetInCodeCannotBeCombinedWithKeyParameters() {
        StaticKeySource keys = new StaticKeySource(valid().build().startKeySource().current());
        failsNaming("public-key", valid().keySource(keys));
        JwtConfig config = JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE).keySource(keys)
                .build();
        assertEquals(keys, config.keySourceSetInCode());
        assertEquals(keys, config.startKeySource());
    }

    // --- remote keys and discovery (behaviour against a live server: RemoteKeysTest) ---

    @ParameterizedTest
    @ValueSource(strings = {"http://issuer.test/jwks", "ftp://issuer.test/jwks", "http://127.0.0.1:9/jwks"})
    void aRemoteJwksThatIsNotHttpsFailsNamingJwks(String url) {
        ConfigException e = failsNaming("jwks", valid().publicKey(null).jwks(url));
        assertTrue(e.getMessage().contains("must use https") || e.getMessage().contains("expected PEM"),
                e.getMessage());
    }

    @Test
    void plainHttpToLoopbackIsAllowedOnlyWhenTheBuilderSaysSo() throws Exception {
        JwtConfig config = valid().publicKey(null).jwks("http://127.0.0.1:9/jwks")
                .set("jwks-timeout", "1").allowHttpLoopbackKeys(true).build();
        try (KeySource keys = config.startKeySource()) {
            // Nothing listens on port 9: the filter starts anyway, and its tokens will get 503.
            assertTrue(keys.current().isEmpty());
            assertFalse(keys.isAvailable(ISSUER));
        }
    }

    @Test
    void withSeveralIssuersARemoteJwksMustNameItsIssuer() {
        ConfigException e = failsNaming("jwks", valid().publicKey(null)
                .issuer(ISSUER, "https://other.test").jwks("https://idp.test/jwks"));
        assertTrue(e.getMessage().contains("name the issuer"), e.getMessage());
    }

    @Test
    void aJwksEntryNamingAnIssuerThatIsNotAcceptedFailsNamingJwks() {
        failsNaming("jwks", valid().publicKey(null).jwks("https://evil.test https://idp.test/jwks"));
    }

    @Test
    void oidcDiscoveryForAnIssuerThatIsNotHttpsFailsNamingIt() {
        failsNaming("oidc-discovery", valid().publicKey(null).issuer("http://idp.test/realms/x")
                .set("oidc-discovery", "true"));
        failsNaming("oidc-discovery", valid().publicKey(null).set("oidc-discovery", "TRUE")
                .issuer("http://idp.test"));
        valid().set("oidc-discovery", "false").build();
    }

    @Test
    void oidcDiscoveryThatIsNotABooleanFailsNamingIt() {
        failsNaming("oidc-discovery", valid().set("oidc-discovery", "yes"));
    }

    /**
     * Shared stores are built now (see RevocationStoresTest); what cannot be built still fails:
     * a URL no driver takes, a JNDI name with no naming service, redis:// without jwt-redis on
     * the class path, a class that is not there, a misspelt memory, nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:nosuchdriver://db/perimeter", "jndi:jdbc/perimeter",
        "redis://localhost:6379/0", "com.example.RevocationStoreFactory", "Memory", ""})
    void anUnusableRevocationValueFailsNamingRevocation(String value) {
        failsNaming("revocation", valid().set("revocation", value));
    }

    // --- algorithms ---

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "rs256", "RS256,none", "HS1"})
    void anUnknownAlgorithmFailsNamingAlgorithms(String algorithms) {
        failsNaming("algorithms", valid().algorithms(algorithms));
    }

    @Test
    void noAlgorithmAtAllFailsNamingAlgorithms() {
        failsNaming("algorithms", valid().algorithms(" , "));
    }

    // --- numbers ---

    @ParameterizedTest
    @CsvSource({"leeway, abc", "leeway, -1", "leeway, 1.5", "leeway, 3601", "leeway, ''",
        "max-age, 0", "max-age, x", "jwks-refresh, 0", "jwks-min-refetch, -5",
        "revocation-sync, 0", "max-token-length, 63", "max-token-length, 99999999999999999999"})
    void aBadNumberFailsNamingItsParameter(String parameter, String value) {
        failsNaming(parameter, valid().set(parameter, value));
    }

    @Test
    void numbersAreWholeSecondsAndMaxTokenLengthIsCharacters() {
        JwtConfig config = valid().set("leeway", " 0 ").set("max-age", "3600")
                .set("revocation-sync", "10").set("max-token-length", "4096").build();
        assertEquals(Duration.ZERO, config.leeway());
        assertEquals(Duration.ofHours(1), config.maxAge());
        assertEquals(Duration.ofSeconds(10), config.revocationSync());
        assertEquals(4096, config.maxTokenLength());
    }

    // --- rules and public paths ---

    @ParameterizedTest
    @ValueSource(strings = {"/api/*", "/api/* =", "GET /api = admin", "[GET /api = admin",
        "[G3T] /api = admin", "[] /api = admin", "api/* = admin", "/api/*/x = admin",
        "/a* = admin", "= admin", "/ok = permit; /broken"})
    void aRuleThatDoesNotParseFailsNamingRules(String rules) {
        failsNaming("rules", valid().rules(rules));
    }

    @Test
    void rulesAreSeparatedBySemicolonsOrLinesAndKeptInOrder() {
        JwtConfig config = valid().rules("[GET, post] /api/admin/* = admin ops;"
                + " /api/health = permit\n/api/* = *\r\n\n/internal/* = deny").build();
        List<AccessRule> rules = config.rules();
        assertEquals(4, rules.size());
        assertEquals(AccessRule.Kind.ROLES, rules.get(0).kind());
        assertEquals(Set.of("admin", "ops"), rules.get(0).roles());
        assertTrue(rules.get(0).matches("POST", "/api/admin/users"));
        assertTrue(rules.get(0).matches("GET", "/api/admin"));
        assertFalse(rules.get(0).matches("DELETE", "/api/admin/users"));
        assertFalse(rules.get(0).matches("GET", "/api/administrators"));
        assertEquals(AccessRule.Kind.PERMIT, rules.get(1).kind());
        assertEquals(AccessRule.Kind.AUTHENTICATED, rules.get(2).kind());
        assertEquals(AccessRule.Kind.DENY, rules.get(3).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/*", "/a*", "/a/*/b", "/api/**", "*.", "*/x", "/ok, bad"})
    void aPublicPathThatDoesNotParseFailsNamingPublicPaths(String paths) {
        failsNaming("public-paths", valid().publicPaths(paths));
    }

    @Test
    void publicPathsAreExactPrefixOrExtensionPatterns() {
        List<PathPattern> paths = valid().publicPaths("/health, /static/*\n*.css").build()
                .publicPaths();
        assertEquals(3, paths.size());
        assertTrue(paths.get(0).matches("/health"));
        assertFalse(paths.get(0).matches("/health/x"));
        assertTrue(paths.get(1).matches("/static"));
        assertTrue(paths.get(1).matches("/static/app.js"));
        assertFalse(paths.get(1).matches("/staticfile"));
        assertTrue(paths.get(2).matches("/a/b/site.css"));
        assertFalse(paths.get(2).matches("/a/b.css/x"));
    }

    // --- cookie and CSRF ---

    @ParameterizedTest
    @ValueSource(strings = {"none", "double_submit", "", "true"})
    void aBadCsrfValueFailsNamingCsrf(String value) {
        failsNaming("csrf", valid().set("csrf", value));
    }

    @Test
    void csrfValuesAreCaseInsensitive() {
        assertEquals(CsrfMode.ORIGIN, valid().set("csrf", " Origin ").build().csrf());
    }

    @Test
    void aCookieWithCsrfOffBuildsButLogsAWarning() {
        try (LogRecorder log = LogRecorder.of(JwtConfig.class)) {
            JwtConfig config = valid().cookie("access_token").set("csrf", "off").build();
            assertEquals(CsrfMode.OFF, config.csrf());
            assertEquals("access_token", config.cookie());
            List<String> warnings = log.messages(Level.WARNING);
            assertTrue(warnings.stream().anyMatch(m -> m.contains("'cookie'") && m.contains("'csrf'")),
                    warnings.toString());
            assertTrue(config.warnings().stream().anyMatch(m -> m.contains("'csrf' off")));
        }
    }

    @Test
    void aCookieWithDoubleSubmitLogsNoCsrfWarning() {
        try (LogRecorder log = LogRecorder.of(JwtConfig.class)) {
            valid().cookie("access_token").build();
            assertFalse(log.messages(Level.WARNING).stream().anyMatch(m -> m.contains("'csrf'")),
                    log.messages().toString());
        }
    }

    // --- other parameters ---

    @ParameterizedTest
    @ValueSource(strings = {"my \"realm\"", "back\\slash", "tab\there", "café"})
    void aRealmThatCannotBeQuotedFailsNamingRealm(String realm) {
        failsNaming("realm", valid().set("realm", realm));
    }

    @Test
    void anEmptyPrincipalClaimFailsNamingIt() {
        failsNaming("principal-claim", valid().set("principal-claim", " , "));
    }

    @Test
    void emptyTokenTypesFailNamingThem() {
        failsNaming("token-types", valid().set("token-types", ""));
    }

    @Test
    void anEmptyHeaderFailsNamingIt() {
        failsNaming("header", valid().set("header", "  "));
    }

    @Test
    void headerNoneReadsTheCookieAloneAndNeedsOne() {
        JwtConfig cookieOnly = valid().set("header", "none").cookie("jwt").build();
        assertNull(cookieOnly.header());
        assertEquals("jwt", cookieOnly.cookie());
        failsNaming("header", valid().set("header", "none"));
        failsNaming("header", valid().set("header", "None").cookie("jwt").set("dpop", "allowed")
                .set("dpop-url", "https://api.example.com"));
    }

    @Test
    void anUnknownParameterFailsNamingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> valid().set("isuer", ISSUER));
        assertNames("isuer", e);
        assertTrue(e.getMessage().contains("unknown parameter"), e.getMessage());
        ConfigException all = assertThrows(ConfigException.class,
                () -> valid().setAll(Map.of("max-token-lenght", "100")));
        assertNames("max-token-lenght", all);
    }

    // --- descriptors and typed setters ---

    /** Not the defaults, so that a writer that drops or mangles a value shows. */
    private static JwtConfig.Builder unusual() {
        return valid().audience(AUDIENCE, "other").set("leeway", "5").set("max-age", "600")
                .set("required-claims", "exp, jti").set("token-types", "at+jwt")
                .set("header", "X-Token").cookie("jwt").set("csrf", "ORIGIN")
                .set("roles-claim", "realm_access.roles, scope").set("principal-claim", "sub")
                .publicPaths("/static/*, *.css")
                .rules("[GET,POST] /admin/* = admin ops; /open = permit\n/closed = deny")
                .set("realm", "shop").set("cache-size", "0").set("crypto-provider", "jdk")
                .set("token-address-action", "revoke-token").set("signature-concurrency", "8")
                .set("jwks-allow-http-loopback", "true").set("oidc-discovery", "false");
    }

    @Test
    void everyTypedValueWrittenBackReadsAsTheSameValue() {
        JwtConfig original = unusual().build();
        JwtConfig.Builder copy = JwtConfig.builder();
        for (Parameter<?> parameter : Parameters.ALL) {
            if (!parameter.isSecret()) {
                copyOf(parameter, original, copy);
            }
        }
        JwtConfig copied = copy.build();
        for (Parameter<?> parameter : Parameters.ALL) {
            if (!parameter.isSecret()) {
                assertEquals(String.valueOf(original.get(parameter)),
                        String.valueOf(copied.get(parameter)), parameter.name());
            }
        }
        assertEquals(original.warnings(), copied.warnings());
        assertEquals(original.tokenTypes().toString(), copied.tokenTypes().toString());
        assertEquals(original.signatureConcurrency(), copied.signatureConcurrency());
    }

    private static <T> void copyOf(Parameter<T> parameter, JwtConfig from, JwtConfig.Builder to) {
        to.set(parameter, from.get(parameter));
    }

    @Test
    void theAccessorsAnswerWhatGetAnswers() {
        JwtConfig config = unusual().build();
        assertEquals(config.leeway(), config.get(Parameters.LEEWAY));
        assertEquals(config.maxAge(), config.get(Parameters.MAX_AGE));
        assertEquals(config.issuers(), config.get(Parameters.ISSUER));
        assertEquals(config.csrf(), config.get(Parameters.CSRF));
        assertEquals(config.rules(), config.get(Parameters.RULES));
        assertEquals(config.cacheSize(), config.get(Parameters.CACHE_SIZE));
        assertEquals(CsrfMode.ORIGIN, config.get(Parameters.CSRF));
        assertEquals(List.of("exp", "jti"), config.get(Parameters.REQUIRED_CLAIMS));
    }

    @Test
    void aTypedValueIsCheckedLikeText() {
        failsNaming("leeway", valid().set(Parameters.LEEWAY, Duration.ofSeconds(3601)));
        failsNaming("cache-size", valid().set(Parameters.CACHE_SIZE, -1));
        failsNaming("principal-claim", valid().set(Parameters.PRINCIPAL_CLAIM, List.of()));
        failsNaming("issuer", valid().set(Parameters.ISSUER, Set.of()));
        JwtConfig config = valid().set(Parameters.LEEWAY, Duration.ofSeconds(7))
                .set(Parameters.ALGORITHMS, Set.of(JwsAlgorithm.RS256))
                .set(Parameters.PUBLIC_PATHS, List.of(PathPattern.parse("/static/*")))
                .set(Parameters.JWKS_ALLOW_HTTP_LOOPBACK, false).build();
        assertEquals(Duration.ofSeconds(7), config.leeway());
        assertEquals("[/static/*]", config.publicPaths().toString());
    }

    @Test
    void aTypedNullUnsetsTheParameter() {
        JwtConfig config = valid().set(Parameters.MAX_AGE, Duration.ofSeconds(60))
                .set(Parameters.MAX_AGE, null).set(Parameters.LEEWAY, Duration.ofSeconds(1))
                .set(Parameters.LEEWAY, null).build();
        assertNull(config.maxAge());
        assertEquals(Duration.ofSeconds(30), config.leeway());
    }

    @Test
    void aTypedValueGoesThroughPlaceholders() {
        System.setProperty("perimeter.test.cookie", "from-property");
        try {
            JwtConfig config = valid().set(Parameters.COOKIE, "${sys:perimeter.test.cookie}")
                    .build();
            assertEquals("from-property", config.cookie());
        } finally {
            System.clearProperty("perimeter.test.cookie");
        }
    }

    @Test
    void secretValuesAreNotKept() {
        JwtConfig config = withSecret("HS256", base64(32)).build();
        assertThrows(IllegalArgumentException.class, () -> config.get(Parameters.SECRET));
        assertThrows(IllegalArgumentException.class,
                () -> config.get(Parameters.JWKS_TRUST_STORE_PASSWORD));
        assertTrue(Parameters.SECRET.isSecret());
        assertFalse(Parameters.PUBLIC_KEY.isSecret());
    }

    // --- placeholders ---

    @Test
    void anEnvironmentPlaceholderIsReplacedByTheVariable() {
        Placeholders placeholders = new Placeholders(
                Map.of("IDP", "https://idp.test", "SUFFIX", "realms/x")::get, name -> null);
        assertEquals("https://idp.test/realms/x",
                placeholders.expand("issuer", "${env:IDP}/${env:SUFFIX}"));
        assertEquals("no placeholder", placeholders.expand("issuer", "no placeholder"));
    }

    @Test
    void expandedTextIsNotExpandedAgain() {
        Placeholders placeholders = new Placeholders(Map.of("A", "${env:B}", "B", "b")::get,
                name -> null);
        assertEquals("${env:B}", placeholders.expand("secret", "${env:A}"));
    }

    @Test
    void aMissingEnvironmentVariableFailsNamingTheParameterAndTheVariable() {
        String variable = "PERIMETER_TEST_SURELY_UNSET_" + System.nanoTime();
        ConfigException e = failsNaming("secret",
                withSecret("HS256", "${env:" + variable + "}"));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void aSystemPropertyPlaceholderIsReplacedByTheProperty() {
        String property = "perimeter.test.secret." + System.nanoTime();
        System.setProperty(property, TestKeys.SECRET_256);
        try {
            JwtConfig config = withSecret("HS256", "${sys:" + property + "}").build();
            assertAccepts(config, TestKeys.SECRET_256);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void aMissingSystemPropertyFailsNamingTheParameter() {
        ConfigException e = failsNaming("issuer", valid().issuer("${sys:perimeter.test.absent}"));
        assertTrue(e.getMessage().contains("perimeter.test.absent"), e.getMessage());
    }

    @Test
    void aFilePlaceholderIsReadWithItsTrailingLineBreaksDropped() throws IOException {
        Path file = write("secret.txt", TestKeys.SECRET_256 + "\r\n\n");
        JwtConfig config = withSecret("HS256", "${file:" + file + "}").build();
        assertAccepts(config, TestKeys.SECRET_256);
    }

    @Test
    void aFilePlaceholderKeepsInnerLineBreaksSoItCanHoldAPem() throws IOException {
        Path file = write("key.pem", RSA_PEM);
        JwtConfig config = valid().publicKey("${file:" + file + "}").build();
        assertEquals(1, config.startKeySource().current().keys().size());
    }

    @Test
    void aMissingFileFailsNamingTheParameterAndTheFile() {
        Path file = dir.resolve("absent.txt");
        ConfigException e = failsNaming("secret", withSecret("HS256", "${file:" + file + "}"));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aFilePathTheFileSystemCannotRepresentFailsNamingTheParameter() {
        failsNaming("secret", withSecret("HS256", "${file:/tmp/bad\u0000path}"));
    }

    @Test
    void anUnterminatedOrUnknownPlaceholderFailsNamingTheParameter() {
        failsNaming("audience", valid().audience("${env:AUD"));
        failsNaming("audience", valid().audience("${ENV:AUD}"));
        failsNaming("audience", valid().audience("${AUD}"));
    }

    @Test
    void aPlaceholderWithAnEmptyNameFailsNamingTheParameter() {
        // found by JwtConfigFuzzTest: ${sys:} made System.getProperty("") throw
        failsNaming("audience", valid().audience(">${sys:}["));
        failsNaming("audience", valid().audience("${env:}"));
        failsNaming("audience", valid().audience("${file:}"));
    }

    /** A token signed with {@code secret} (HS256) is accepted by {@code config}. */
    private static void assertAccepts(JwtConfig config, String secret) {
        String token = TestTokens.hs256(TestTokens.header("HS256", null),
                TestTokens.claims("alice", Instant.now(), "user"), TestKeys.utf8(secret));
        try (Perimeter perimeter = Perimeter.start(config)) {
            VerificationResult result = perimeter.verifier().verify(token);
            assertTrue(result.isValid(), result.description());
        }
    }

    // --- secrets and key material stay out of messages and the summary ---

    @Test
    void aSecretNeverAppearsInAnyExceptionMessage() {
        String secret = "Sup3r${s3cr3t:v4lu3}that-must-not-leak";
        String longSecret = "Sup3r-s3cr3t-that-must-never-leak-into-a-message-or-log-line-at-all";
        String base64Secret = "base64:" + Base64.getEncoder()
                .encodeToString(TestKeys.utf8("Sup3r-s3cr3t-b64"));
        List<UnaryOperator<JwtConfig.Builder>> mistakes = List.of(
                b -> b.secret(secret),
                b -> b.secret(longSecret).algorithms("HS256,HS384"),
                b -> b.secret(longSecret).algorithms("RS256"),
                b -> b.secret(longSecret).algorithms("HS256").set("leeway", "abc"),
                b -> b.secret(longSecret).algorithms("HS256").set("issuer", null),
                b -> b.secret(longSecret).algorithms("HS256").publicKey("not a key"),
                b -> b.secret(longSecret.substring(0, 20)).algorithms("HS256"),
                b -> b.secret(base64Secret).algorithms("HS256"),
                b -> b.secret("base64:Sup3rs3cr3t").algorithms("HS256"),
                b -> b.secret("base64:Sup3r").algorithms("HS256"),
                b -> b.secret(longSecret + "${env:UNSET_" + System.nanoTime() + "}"),
                b -> b.secret(longSecret + "${unterminated"));
        for (UnaryOperator<JwtConfig.Builder> mistake : mistakes) {
            JwtConfig.Builder builder = mistake.apply(
                    JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE).algorithms("HS256"));
            ConfigException e = assertThrows(ConfigException.class, builder::build);
            String messages = allMessages(e);
            for (String fragment : List.of("s3cr3t", "v4lu3", "Sup3r", "must-not-leak",
                    "U3VwM3It")) {
                assertFalse(messages.contains(fragment), "leaked '" + fragment + "': " + messages);
            }
        }
    }

    @Test
    void theSummaryHoldsNoSecretAndNoKeyMaterial() throws IOException {
        RSAPublicKey rsa = (RSAPublicKey) TestKeys.RSA.getPublic();
        RSAPublicKey other = (RSAPublicKey) TestKeys.RSA_OTHER.getPublic();
        Path jwks = write("keys.json", TestKeys.jwks(
                TestKeys.jwk(other, "rsa-2", "RS256"),
                TestKeys.jwk(TestKeys.EC_P256.getPublic(), "ec-1", "ES256")));
        JwtConfig config = JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .algorithms("HS256,RS256,ES256").secret(TestKeys.SECRET_256).publicKey(RSA_PEM)
                .jwks("file:" + jwks).cookie("access_token").rules("/admin/* = admin")
                .build();
        String summary = perimeters.start(config).summary();
        assertTrue(summary.contains("HS256 from secret"), summary);
        assertTrue(summary.contains("kid=rsa-2"), summary);
        assertTrue(summary.contains("kid=ec-1"), summary);
        String pemBody = Base64.getEncoder().encodeToString(rsa.getEncoded());
        for (String material : List.of(TestKeys.SECRET_256, "perimeter-test-secret",
                Base64.getEncoder().encodeToString(TestKeys.utf8(TestKeys.SECRET_256)),
                modulusBase64Url(rsa), middle(modulusBase64Url(rsa), 24),
                middle(modulusBase64Url(other), 24),
                Base64.getEncoder().encodeToString(rsa.getModulus().toByteArray()),
                middle(pemBody, 24), new BigInteger(1, rsa.getModulus().toByteArray()).toString(16)
                        .substring(0, 24),
                rsa.getModulus().toString().substring(0, 24))) {
            assertFalse(summary.contains(material), "key material in the summary: " + summary);
        }
    }
}
