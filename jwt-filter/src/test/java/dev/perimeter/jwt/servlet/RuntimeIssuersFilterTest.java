package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.RemoteKeysTest.assertUnavailable;
import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.issuers.RuntimeIssuers;
import dev.perimeter.jwt.issuers.TrustedIssuer;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issuers added and removed while the filter runs, over real HTTP: through the code API and
 * through {@code issuers-file}. A fixed issuer A ({@code issuer}) and a tenant B trusted at run
 * time, each with its own key set on a stand-in provider. B's tokens are admitted while B is
 * trusted, refused the moment it is removed (also a token verified and cached before), and A's
 * tokens are never refused meanwhile; neither issuer's keys ever vouch for the other.
 */
class RuntimeIssuersFilterTest {

    static final String A = "https://a.tenant.test";
    static final String B = "https://b.tenant.test";
    static final String A1 = TestKeys.jwk(TestKeys.RSA.getPublic(), "a1", "RS256");
    static final String B1 = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "b1", "RS256");
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final String WRONG_ISSUER = "the token issuer is not accepted";

    @TempDir
    Path dir;
    private JwksServer provider;

    @BeforeEach
    void startProvider() throws Exception {
        provider = JwksServer.start();
        provider.serve("/a/jwks", TestKeys.jwks(A1)).serve("/b/jwks", TestKeys.jwks(B1));
    }

    @AfterEach
    void stopProvider() throws Exception {
        provider.close();
    }

    /** Fixed issuer A with its key set; tenants come at run time. */
    private JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(A).audience(TestTokens.AUDIENCE)
                .jwks(A + " " + provider.url("/a/jwks"))
                .set("jwks-timeout", "2").set("jwks-min-refetch", "1")
                .allowHttpLoopbackKeys(true);
    }

    /** A token of alice from {@code issuer}, signed with {@code key}, naming {@code kid}. */
    static String token(String issuer, KeyPair key, String kid) {
        String claims = TestTokens.claims("alice", Instant.now(), "user")
                .replace("\"iss\":\"" + TestTokens.ISSUER + "\"", "\"iss\":\"" + issuer + "\"");
        return TestTokens.sign(TestTokens.header("RS256", kid), claims, "SHA256withRSA",
                key.getPrivate());
    }

    private TrustedIssuer tenantB() {
        return TrustedIssuer.withJwks(B, URI.create(provider.url("/b/jwks")));
    }

    @Test
    void anIssuerAddedInCodeIsAdmittedAndOnceRemovedRefusedAtOnceAlsoFromTheCache()
            throws Exception {
        String tokenA = token(A, TestKeys.RSA, "a1");
        String tokenB = token(B, TestKeys.RSA_OTHER, "b1");
        try (Running filter = new Running(config().build())) {
            RuntimeIssuers issuers = filter.perimeter().issuers();
            assertEquals(WRONG_ISSUER, assertInvalidToken(filter.get(tokenB)));

            issuers.add(tenantB());
            assertAdmitted(filter.get(tokenB), "alice");
            long hits = filter.perimeter().verifier().cacheStatistics().hits();
            assertAdmitted(filter.get(tokenB), "alice");
            assertEquals(hits + 1, filter.perimeter().verifier().cacheStatistics().hits(),
                    "B's token is served from the cache");
            assertAdmitted(filter.get(tokenA), "alice");

            assertTrue(issuers.remove(B));
            assertEquals(WRONG_ISSUER, assertInvalidToken(filter.get(tokenB)));
            assertEquals(WRONG_ISSUER, assertInvalidToken(filter.get(tokenB)));
            assertAdmitted(filter.get(tokenA), "alice");

            issuers.add(tenantB());
            assertAdmitted(filter.get(tokenB), "alice");
            assertEquals(5, filter.jetty.servletCalls());
        }
    }

    @Test
    void eachIssuersKeysVouchOnlyForItsOwnTokens() throws Exception {
        // The same kid at both issuers: a token is looked up among its own issuer's keys only.
        provider.serve("/b/jwks", TestKeys.jwks(B1, TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(),
                "a1", "RS256")));
        try (Running filter = new Running(config().build())) {
            filter.perimeter().issuers().add(tenantB());
            assertAdmitted(filter.get(token(A, TestKeys.RSA, "a1")), "alice");
            assertAdmitted(filter.get(token(B, TestKeys.RSA_OTHER, "b1")), "alice");

            // B's key on a token claiming A; A's key on a token claiming B.
            assertInvalidToken(filter.get(token(A, TestKeys.RSA_OTHER, "b1")));
            assertEquals("the token signature is invalid",
                    assertInvalidToken(filter.get(token(A, TestKeys.RSA_OTHER, "a1"))));
            assertInvalidToken(filter.get(token(B, TestKeys.RSA, "a1")));
            assertEquals(2, filter.jetty.servletCalls());
        }
    }

    /** Twenty tenants share the key-fetch threads: no thread per tenant, and all are gone after. */
    @Test
    void manyIssuersShareTheirKeyFetchThreads() throws Exception {
        int tenants = 20;
        int before;
        try (Running filter = new Running(config().build())) {
            before = keyFetchThreads();
            for (int i = 0; i < tenants; i++) {
                filter.perimeter().issuers().add(TrustedIssuer.withJwks("https://t" + i + ".tenant.test",
                        URI.create(provider.url("/b/jwks"))));
            }
            for (int i = 0; i < tenants; i++) {
                assertAdmitted(filter.get(token("https://t" + i + ".tenant.test", TestKeys.RSA_OTHER,
                        "b1")), "alice");
            }
            int during = keyFetchThreads();
            assertTrue(during - before <= 6, "key-fetch threads: " + before + " before, " + during
                    + " with " + tenants + " tenants: " + keyFetchThreadNames());
            assertInvalidToken(filter.get(token("https://t0.tenant.test", TestKeys.RSA, "a1")));
            assertAdmitted(filter.get(token(A, TestKeys.RSA, "a1")), "alice");
        }
        Eventually.within(WITHIN, "the shared threads end with the filter",
                () -> keyFetchThreads() <= before - 1);
    }

    static java.util.List<String> keyFetchThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("perimeter-jwks")).sorted().toList();
    }

    /** Live threads of key fetching (not the JDK client's selector, which ends after a GC on 17). */
    static int keyFetchThreads() {
        int count = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && (name.startsWith("perimeter-jwks-refresh")
                    || name.startsWith("perimeter-jwks-http-"))) {
                count++;
            }
        }
        return count;
    }

    /** Keys given for every fixed issuer on purpose (keys-issuer=*) still never vouch for a tenant. */
    @Test
    void keysOfEveryFixedIssuerNeverVouchForAnIssuerTrustedAtRunTime() throws Exception {
        JwtConfig config = JwtConfig.builder().issuer(A).audience(TestTokens.AUDIENCE)
                .algorithms("HS256", "RS256").secret(TestKeys.SECRET_256).set("keys-issuer", "*")
                .allowHttpLoopbackKeys(true).build();
        byte[] secret = TestKeys.utf8(TestKeys.SECRET_256);
        try (Running filter = new Running(config)) {
            filter.perimeter().issuers().add(tenantB());
            assertAdmitted(filter.get(hs256(A, secret)), "alice");
            assertAdmitted(filter.get(token(B, TestKeys.RSA_OTHER, "b1")), "alice");

            assertInvalidToken(filter.get(hs256(B, secret)));
            assertEquals(2, filter.jetty.servletCalls());
        }
    }

    private static String hs256(String issuer, byte[] secret) {
        String claims = TestTokens.claims("alice", Instant.now(), "user")
                .replace("\"iss\":\"" + TestTokens.ISSUER + "\"", "\"iss\":\"" + issuer + "\"");
        return TestTokens.hs256(TestTokens.header("HS256", null), claims, secret);
    }

    @Test
    void anAddedIssuerWhoseKeysCannotBeFetchedIsAnswered503AndTheOthersStillPass() throws Exception {
        try (Running filter = new Running(config().set("jwks-timeout", "1").build())) {
            filter.perimeter().issuers().add(TrustedIssuer.withJwks(B,
                    URI.create(provider.url("/b/missing"))));
            assertUnavailable(filter.get(token(B, TestKeys.RSA_OTHER, "b1")));
            assertAdmitted(filter.get(token(A, TestKeys.RSA, "a1")), "alice");
        }
    }

    @Test
    void anIssuerOfTheFixedSetOrOverPlainHttpElsewhereCannotBeAdded() throws Exception {
        try (Running filter = new Running(config().build())) {
            RuntimeIssuers issuers = filter.perimeter().issuers();
            assertThrows(IllegalArgumentException.class, () -> issuers.add(TrustedIssuer.withJwks(A,
                    URI.create(provider.url("/b/jwks")))));
            assertThrows(IllegalArgumentException.class, () -> issuers.add(TrustedIssuer.withJwks(B,
                    URI.create("http://192.0.2.10/b/jwks"))));
            assertEquals(List.of(), issuers.trusted());
            assertAdmitted(filter.get(token(A, TestKeys.RSA, "a1")), "alice");
        }
    }

    /** Replaces the file in one step, as an operator's tooling should: never half-written. */
    private void write(Path file, String text) throws Exception {
        Path next = dir.resolve("issuers.next");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anIssuerAddedToTheFileIsAdmittedAndOnceDeletedFromItRefusedTheOthersNever()
            throws Exception {
        Path file = dir.resolve("issuers.txt");
        write(file, "# tenants\n");
        String tokenA = token(A, TestKeys.RSA, "a1");
        String tokenB = token(B, TestKeys.RSA_OTHER, "b1");
        try (LogRecorder log = LogRecorder.of(RuntimeIssuers.class);
                Running filter = new Running(config().set("issuers-file", "file:" + file)
                        .set("issuers-refresh", "1").build())) {
            assertEquals(WRONG_ISSUER, assertInvalidToken(filter.get(tokenB)));

            write(file, "# tenants\n" + B + " " + provider.url("/b/jwks") + "\n");
            Eventually.within(WITHIN, "B trusted from the file",
                    () -> filter.perimeter().issuers().isTrusted(B));
            assertAdmitted(filter.get(tokenB), "alice");
            assertAdmitted(filter.get(tokenB), "alice"); // now cached
            assertAdmitted(filter.get(tokenA), "alice");

            // A bad line: logged naming it, and B stays trusted.
            write(file, B + " " + provider.url("/b/jwks") + "\n" + B + "\n");
            Eventually.within(WITHIN, "the bad file logged",
                    () -> !log.messages(Level.WARNING).isEmpty());
            String warning = log.messages(Level.WARNING).get(0);
            assertTrue(warning.contains("line 2: the issuer is listed twice"), warning);
            assertTrue(warning.contains(B), warning);
            assertAdmitted(filter.get(tokenB), "alice");

            write(file, "");
            Eventually.within(WITHIN, "B removed from the file",
                    () -> !filter.perimeter().issuers().isTrusted(B));
            assertEquals(WRONG_ISSUER, assertInvalidToken(filter.get(tokenB)));
            assertAdmitted(filter.get(tokenA), "alice");
            assertFalse(log.messages(Level.WARNING).toString().contains(TestKeys.RSA_OTHER
                    .getPublic().toString().substring(0, 40)));
        }
    }

    @Test
    void withOnlyAnIssuersFileNoFixedIssuerIsNeeded() throws Exception {
        Path file = dir.resolve("issuers.txt");
        write(file, A + " " + provider.url("/a/jwks") + "\n" + B + " " + provider.url("/b/jwks") + "\n");
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "audience", TestTokens.AUDIENCE, "issuers-file", "file:" + file,
                "jwks-allow-http-loopback", "true"))) {
            assertAdmitted(jetty.getWithBearer("/api/me", token(A, TestKeys.RSA, "a1")), "alice");
            assertAdmitted(jetty.getWithBearer("/api/me", token(B, TestKeys.RSA_OTHER, "b1")), "alice");
            assertInvalidToken(jetty.getWithBearer("/api/me", token(B, TestKeys.RSA, "a1")));
        }
    }

    @Test
    void aBadIssuersFileFailsTheDeploymentNamingTheParameter() throws Exception {
        Path file = dir.resolve("issuers.txt");
        write(file, B + " ftp://b.tenant.test/certs\n");
        for (String value : List.of("file:" + file, "file:" + dir.resolve("missing.txt"),
                file.toString())) {
            Exception e = assertThrows(Exception.class, () -> JettyHarness.withInitParameters(Map.of(
                    "issuer", A, "audience", TestTokens.AUDIENCE, "jwks", A + " " + provider.url("/a/jwks"),
                    "jwks-allow-http-loopback", "true", "issuers-file", value)).close());
            String message = servletException(e).getMessage();
            assertTrue(message.contains("'issuers-file'"), message);
        }
    }

    @Test
    void anIssuerInTheFileThatIsAFixedOneOrNotHttpsFailsTheStart() throws Exception {
        Path file = dir.resolve("issuers.txt");
        for (String line : List.of(A + " " + provider.url("/b/jwks"), B + " http://192.0.2.10/certs")) {
            write(file, line + "\n");
            JwtConfig config = config().set("issuers-file", "file:" + file).build();
            ConfigException e = assertThrows(ConfigException.class, () -> Perimeter.start(config));
            assertEquals("issuers-file", e.parameter(), e.getMessage());
        }
    }

    @Test
    void withoutIssuerOrIssuersFileTheConfigurationIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> JwtConfig.builder()
                .audience(TestTokens.AUDIENCE).set("issuers-refresh", "5").build());
        assertEquals("issuer", e.parameter());
        e = assertThrows(ConfigException.class, () -> JwtConfig.builder()
                .set("issuers-file", "file:/tmp/x").secret(TestKeys.SECRET_256).build());
        assertEquals("issuer", e.parameter());
    }

    private static ServletException servletException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServletException) {
                return (ServletException) t;
            }
        }
        throw new AssertionError("no ServletException in the cause chain of " + e, e);
    }
}
