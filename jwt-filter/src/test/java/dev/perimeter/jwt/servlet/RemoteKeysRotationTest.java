package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.CacheStatistics;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.JwksServer.Answer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provider that rotates its key while the filter runs in Jetty, on real time and the default
 * {@code jwks-min-refetch} (30 s), answering {@code Cache-Control: no-cache} as Keycloak does:
 * the background refresh then runs every 30 s, and must not keep the refetch for the new key
 * from running. The first token that names the new key is admitted.
 */
@Timeout(180)
class RemoteKeysRotationTest {

    private static final String NO_CACHE = "no-cache";
    private static final String K1 = RemoteKeysTest.K1;
    private static final String K2 = RemoteKeysTest.K2;

    private JwksServer provider;

    @BeforeEach
    void startProvider() throws Exception {
        provider = JwksServer.start();
    }

    @AfterEach
    void stopProvider() throws Exception {
        provider.close();
    }

    private void serve(String... jwks) {
        provider.serve("/jwks", Answer.json(TestKeys.jwks(jwks)).withHeader("Cache-Control", NO_CACHE));
    }

    /** Every timing parameter at its default; http to the loopback provider allowed by parameter. */
    private JwtConfig.Builder defaults() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .jwks(provider.url("/jwks")).set("jwks-allow-http-loopback", "true");
    }

    private static String token(KeyPair key, String kid) {
        return TestTokens.sign(TestTokens.header("RS256", kid),
                TestTokens.claims("alice", Instant.now(), "user"), "SHA256withRSA", key.getPrivate());
    }

    @Test
    void aKeyRotatedRightAfterStartIsAdmittedOnItsFirstToken() throws Exception {
        serve(K1);
        try (Running filter = new Running(defaults().build())) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            assertEquals(1, provider.requests("/jwks"), "the fetch at start");

            serve(K2); // k1 retired, k2 signs from now on
            long rotated = System.nanoTime();
            assertAdmitted(filter.get(token(TestKeys.RSA_OTHER, "k2")), "alice");
            long admittedAfter = RemoteKeysTest.millisSince(rotated);

            assertEquals(2, provider.requests("/jwks"), "one refetch, for the unknown kid");
            System.out.println("[RemoteKeysRotationTest] rotation right after start: the first"
                    + " token naming the new key was admitted " + admittedAfter + " ms after the"
                    + " rotation, with jwks-min-refetch 30 s and Cache-Control: no-cache");
        }
    }

    @Test
    void aKeyRotatedJustAfterAScheduledRefreshIsAdmittedOnItsFirstToken() throws Exception {
        serve(K1);
        try (Running filter = new Running(defaults().build())) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            // no-cache: the refresh runs a cool-down (30 s) after the start. Rotate just after it.
            RemoteKeysTest.awaitRequests(provider, "/jwks", 2, Duration.ofSeconds(60));
            assertEquals(2, provider.requests("/jwks"), "the scheduled refresh ran");

            serve(K1, K2);
            long rotated = System.nanoTime();
            assertAdmitted(filter.get(token(TestKeys.RSA_OTHER, "k2")), "alice");
            long admittedAfter = RemoteKeysTest.millisSince(rotated);

            assertEquals(3, provider.requests("/jwks"));
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            System.out.println("[RemoteKeysRotationTest] rotation just after a scheduled refresh:"
                    + " the first token naming the new key was admitted " + admittedAfter
                    + " ms after the rotation");
        }
    }

    @Test
    void withinTheCoolDownOfARefetchAnotherUnknownKidIsAnsweredAtOnceWithoutAFetch() throws Exception {
        serve(K1);
        try (Running filter = new Running(defaults().build())) {
            assertEquals("no key is known for the token",
                    assertInvalidToken(filter.get(token(TestKeys.RSA_OTHER, "k2"))));
            assertEquals(2, provider.requests("/jwks"), "the start, and the refetch for k2");

            serve(K1, K2);
            long start = System.nanoTime();
            assertEquals("no key is known for the token",
                    assertInvalidToken(filter.get(token(TestKeys.RSA_OTHER, "k2"))));
            assertTrue(RemoteKeysTest.millisSince(start) < 1000, "answered from the refetch just done");
            assertEquals(2, provider.requests("/jwks"), "no second fetch within the cool-down");
        }
    }

    @Test
    void aCachedTokenIsNotVerifiedAgainAfterARefreshWithUnchangedKeysButIsAfterTheKeyChanged()
            throws Exception {
        serve(K1);
        // jwks-min-refetch 1: with no-cache, a refresh every second.
        try (Running filter = new Running(defaults().set("jwks-min-refetch", "1").build())) {
            TokenVerifier verifier = verifier(filter);
            String token = token(TestKeys.RSA, "k1");
            assertAdmitted(filter.get(token), "alice");
            CacheStatistics first = verifier.cacheStatistics();

            int fetched = provider.requests("/jwks");
            RemoteKeysTest.awaitRequests(provider, "/jwks", fetched + 2, Duration.ofSeconds(20));
            assertTrue(provider.requests("/jwks") >= fetched + 2, "two refreshes ran");
            assertAdmitted(filter.get(token), "alice");
            CacheStatistics unchanged = verifier.cacheStatistics();

            assertEquals(first.hits() + 1, unchanged.hits(), "answered from the cache");
            assertEquals(first.misses(), unchanged.misses(), "not verified again: " + unchanged);

            // k1 now names other key material: the cached verification no longer counts.
            serve(TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k1", "RS256"));
            fetched = provider.requests("/jwks");
            RemoteKeysTest.awaitRequests(provider, "/jwks", fetched + 2, Duration.ofSeconds(20));
            assertEquals("the token signature is invalid", assertInvalidToken(filter.get(token)));
        }
    }

    private static TokenVerifier verifier(Running filter) {
        ServletContextHandler context = (ServletContextHandler) filter.jetty.server().getHandler();
        return ((Perimeter) context.getServletContext()
                .getAttribute(JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + "perimeter")).verifier();
    }
}
