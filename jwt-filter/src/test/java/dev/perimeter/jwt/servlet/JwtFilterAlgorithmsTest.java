package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A valid token of every algorithm family reaches the application over real HTTP, whether its key
 * comes from {@code secret}, {@code public-key} or a JWKS document, and the application sees the
 * caller through the servlet security API.
 */
class JwtFilterAlgorithmsTest {

    /** Every algorithm Perimeter verifies, with how to sign for it and the key that verifies it. */
    enum Alg {
        HS256("HmacSHA256", null, TestKeys.SECRET_256),
        HS384("HmacSHA384", null, TestKeys.SECRET_384),
        HS512("HmacSHA512", null, TestKeys.SECRET_512),
        RS256("SHA256withRSA", TestKeys.RSA, null),
        RS384("SHA384withRSA", TestKeys.RSA, null),
        RS512("SHA512withRSA", TestKeys.RSA, null),
        PS256("PS256", TestKeys.RSA, null),
        PS384("PS384", TestKeys.RSA, null),
        PS512("PS512", TestKeys.RSA, null),
        ES256("SHA256withECDSAinP1363Format", TestKeys.EC_P256, null),
        ES384("SHA384withECDSAinP1363Format", TestKeys.EC_P384, null),
        ES512("SHA512withECDSAinP1363Format", TestKeys.EC_P521, null),
        EdDSA("Ed25519", TestKeys.ED25519, null);

        final String javaAlgorithm;
        final KeyPair keyPair;
        final String secret;

        Alg(String javaAlgorithm, KeyPair keyPair, String secret) {
            this.javaAlgorithm = javaAlgorithm;
            this.keyPair = keyPair;
            this.secret = secret;
        }

        boolean isHmac() {
            return secret != null;
        }

        /** The kid of this algorithm's key in the JWKS documents below. */
        String kid() {
            return "key-" + name().toLowerCase(java.util.Locale.ROOT);
        }

        String sign(String header, String payload) {
            return isHmac() ? TestTokens.hmac(header, payload, javaAlgorithm, TestKeys.utf8(secret))
                    : TestTokens.sign(header, payload, javaAlgorithm, keyPair.getPrivate());
        }

        /**
         * This algorithm's key as a JWK. RSA keys and secrets name their algorithm (one RSA key
         * serves six algorithms under six kids); EC and Ed25519 keys leave it to their curve.
         */
        String jwk() {
            if (isHmac()) {
                return TestKeys.jwkSecret(TestKeys.utf8(secret), kid(), name());
            }
            boolean rsa = keyPair == TestKeys.RSA;
            return TestKeys.jwk(keyPair.getPublic(), kid(), rsa ? name() : null);
        }
    }

    @TempDir
    static Path keys;

    private static JettyHarness jwksFile;
    private static JettyHarness jwksClasspath;

    @BeforeAll
    static void startServersWithEveryKeyInAJwksDocument() throws Exception {
        List<String> jwks = new ArrayList<>();
        for (Alg alg : Alg.values()) {
            jwks.add(alg.jwk());
        }
        String document = TestKeys.jwks(jwks.toArray(new String[0]));
        Path file = Files.writeString(keys.resolve("jwks.json"), document);
        Path classpathRoot = Files.createDirectories(keys.resolve("classes"));
        Files.writeString(Files.createDirectories(classpathRoot.resolve("perimeter"))
                .resolve("jwks.json"), document);

        jwksFile = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "algorithms", allAlgorithms(),
                "jwks", "file:" + file));
        JwtConfig fromClasspath = withContextClassLoader(classpathRoot, () -> JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(allAlgorithms())
                .jwks("classpath:perimeter/jwks.json")
                .build());
        jwksClasspath = JettyHarness.withFilter(new JwtFilter(fromClasspath));
    }

    @AfterAll
    static void stop() throws Exception {
        jwksFile.close();
        jwksClasspath.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Alg.class)
    void aValidTokenPassesWithTheKeyGivenAsSecretOrInlinePublicKey(Alg alg) throws Exception {
        String keyParameter = alg.isHmac() ? "secret" : "public-key";
        String keyValue = alg.isHmac() ? alg.secret : TestKeys.pem(alg.keyPair.getPublic());
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "algorithms", alg.name(),
                keyParameter, keyValue))) {
            assertTokenOf(alg, null, jetty);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Alg.class)
    void aValidTokenPassesWithItsKeyInAJwksFile(Alg alg) throws Exception {
        assertTokenOf(alg, alg.kid(), jwksFile);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Alg.class)
    void aValidTokenPassesWithItsKeyInAJwksOnTheClassPath(Alg alg) throws Exception {
        assertTokenOf(alg, alg.kid(), jwksClasspath);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Alg.class, names = {"RS256", "PS384", "ES384", "EdDSA"})
    void aValidTokenPassesWithThePublicKeyReadFromAPemFile(Alg alg) throws Exception {
        Path pem = Files.writeString(keys.resolve(alg.name() + ".pem"),
                TestKeys.pem(alg.keyPair.getPublic()));
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "algorithms", alg.name(),
                "public-key", "file:" + pem))) {
            assertTokenOf(alg, "any-kid", jetty);
        }
    }

    @Test
    void aJwksFileSavedWithAByteOrderMarkStillLoads() throws Exception {
        Path file = Files.writeString(keys.resolve("bom-jwks.json"),
                "\uFEFF" + TestKeys.jwks(Alg.ES256.jwk()), java.nio.charset.StandardCharsets.UTF_8);
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "algorithms", "ES256",
                "jwks", "file:" + file))) {
            assertTokenOf(Alg.ES256, Alg.ES256.kid(), jetty);
        }
    }

    @Test
    void aValidHs512TokenPassesWithABinarySecretGivenAsBase64() throws Exception {
        byte[] secret = new byte[64];
        new java.security.SecureRandom().nextBytes(secret);
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "algorithms", "HS512",
                "secret", "base64:" + Base64.getEncoder().encodeToString(secret)))) {
            String claims = TestTokens.claims("alice", Instant.now(), "user");
            String token = TestTokens.hmac(TestTokens.header("HS512", null), claims, "HmacSHA512",
                    secret);
            Map<String, Object> echo = assertAdmitted(jetty.getWithBearer("/api/me", token), "alice");
            assertEquals("HS512", echo.get("alg"));
            assertEquals(1, jetty.servletCalls());
        }
    }

    @Test
    void rolesAreMergedFromEveryConfiguredClaimPath() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
                "roles-claim", "scope, realm_access.roles"))) {
            long now = Instant.now().getEpochSecond();
            String scopeOnly = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                    + "\",\"sub\":\"carol\",\"exp\":" + (now + 300) + ",\"scope\":\"read user\"}";
            Map<String, Object> echo = assertAdmitted(jetty.getWithBearer("/api/me",
                    TestTokens.rs256(TestTokens.header("RS256", null), scopeOnly)), "carol");
            assertEquals(true, echo.get("user-role"));
            assertEquals(false, echo.get("admin"));

            String nested = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                    + "\",\"sub\":\"dave\",\"exp\":" + (now + 300)
                    + ",\"realm_access\":{\"roles\":[\"admin\"]},\"groups\":[\"user\"]}";
            echo = assertAdmitted(jetty.getWithBearer("/api/me",
                    TestTokens.rs256(TestTokens.header("RS256", null), nested)), "dave");
            assertEquals(true, echo.get("admin"));
            assertEquals(false, echo.get("user-role"), "groups is not a configured roles claim");
        }
    }

    @Test
    void thePrincipalIsTheFirstPresentPrincipalClaim() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic())))) {
            long now = Instant.now().getEpochSecond();
            String claims = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                    + "\",\"sub\":\"u-4711\",\"preferred_username\":\"erin\",\"exp\":" + (now + 300)
                    + "}";
            assertAdmitted(jetty.getWithBearer("/api/me",
                    TestTokens.rs256(TestTokens.header("RS256", null), claims)), "erin");
        }
    }

    /**
     * Sends a valid token of {@code alg} for an admin and asserts that the servlet ran once and saw
     * the caller, the roles, the auth type and the verified token.
     */
    private static void assertTokenOf(Alg alg, String kid, JettyHarness jetty) throws Exception {
        int before = jetty.servletCalls();
        String claims = TestTokens.claims("alice", Instant.now(), "user", "admin");
        String token = alg.sign(TestTokens.header(alg.name(), kid), claims);
        HttpResponse<String> response = jetty.getWithBearer("/api/me", token);
        Map<String, Object> echo = assertAdmitted(response, "alice");
        assertEquals(true, echo.get("admin"), "isUserInRole(admin)");
        assertEquals(true, echo.get("user-role"), "isUserInRole(user)");
        assertEquals(TestTokens.jti(claims), echo.get("jti"), "the Jwt request attribute");
        assertEquals(alg.name(), echo.get("alg"), "the algorithm that verified the token");
        assertEquals(before + 1, jetty.servletCalls());

        String userOnlyClaims = TestTokens.claims("bob", Instant.now(), "user");
        echo = assertAdmitted(jetty.getWithBearer("/api/me",
                alg.sign(TestTokens.header(alg.name(), kid), userOnlyClaims)), "bob");
        assertEquals(false, echo.get("admin"), "isUserInRole(admin) without the role");
        assertEquals(true, echo.get("any-authenticated"), "isUserInRole(**): any authenticated user");

        String starClaims = TestTokens.claims("carol", Instant.now(), "user", "*");
        echo = assertAdmitted(jetty.getWithBearer("/api/me",
                alg.sign(TestTokens.header(alg.name(), kid), starClaims)), "carol");
        assertEquals(false, echo.get("star-role"), "isUserInRole(*) is false even when listed");
    }

    private static String allAlgorithms() {
        List<String> names = new ArrayList<>();
        for (Alg alg : Alg.values()) {
            names.add(alg.name());
        }
        return String.join(",", names);
    }

    /** Runs {@code action} with {@code root} on the context class path, as a WAR's classes are. */
    private static <T> T withContextClassLoader(Path root, Supplier<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
