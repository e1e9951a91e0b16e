package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import dev.perimeter.jwt.runtime.Perimeter;
import static dev.perimeter.jwt.servlet.Responses.assertError;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.JwksServer.Answer;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter with keys from a JWKS URL, against a real provider that the tests change while the
 * filter runs: rotation, removal, outages, slow and broken answers, retention and caching. An
 * injected clock steps past the cool-down ({@code jwks-min-refetch=1}) and the retention instead
 * of sleeping through them; background refreshes run on real time.
 */
class RemoteKeysTest {

    static final String K1 = TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256");
    static final String K2 = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k2", "RS256");
    private static final Duration PAST_COOL_DOWN = Duration.ofSeconds(2);
    private static final String REMOTE_JWKS_LOGGER = "dev.perimeter.jwt.keys.RemoteJwks";

    private final MutableClock clock = MutableClock.startingNow();
    private JwksServer provider;

    @BeforeEach
    void startProvider() throws Exception {
        provider = JwksServer.start();
    }

    @AfterEach
    void stopProvider() throws Exception {
        provider.close();
    }

    /** The filter with the provider's {@code /jwks}, short time-outs and the test clock. */
    private JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .jwks(provider.url("/jwks"))
                .set("jwks-min-refetch", "1").set("jwks-timeout", "1").set("jwks-refresh", "600")
                .allowHttpLoopbackKeys(true).clock(clock);
    }

    /** A running filter in Jetty; its destroy() closes the key source it started. */
    static final class Running implements AutoCloseable {
        final JwtFilter filter;
        final JettyHarness jetty;

        Running(JwtConfig config) throws Exception {
            this.filter = new JwtFilter(config);
            this.jetty = JettyHarness.withFilter(filter);
        }

        /** What the filter runs. */
        Perimeter perimeter() {
            return filter.perimeter();
        }

        HttpResponse<String> get(String token) throws Exception {
            return jetty.getWithBearer("/api/me", token);
        }

        @Override
        public void close() throws Exception {
            jetty.close();
        }
    }

    private Running run(JwtConfig.Builder builder) throws Exception {
        return new Running(builder.build());
    }

    /** An RS256 token of alice, issued now by the test clock, naming {@code kid}. */
    private String token(KeyPair key, String kid) {
        return TestTokens.sign(TestTokens.header("RS256", kid),
                TestTokens.claims("alice", clock.instant(), "user"), "SHA256withRSA", key.getPrivate());
    }

    /** 503 {@code temporarily_unavailable} with a Retry-After in seconds and no challenge. */
    static void assertUnavailable(HttpResponse<String> response) {
        assertError(response, 503, "temporarily_unavailable");
        String retryAfter = response.headers().firstValue("Retry-After").orElse("");
        assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After: " + retryAfter);
        assertNull(Responses.challenge(response));
    }

    /** Polls {@code request} until it answers {@code status}, for at most {@code deadline}. */
    static HttpResponse<String> await(int status, Duration deadline, Request request) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        HttpResponse<String> response = request.send();
        while (response.statusCode() != status && System.nanoTime() < end) {
            Thread.sleep(50);
            response = request.send();
        }
        return response;
    }

    @FunctionalInterface
    interface Request {
        HttpResponse<String> send() throws Exception;
    }

    /** Polls until {@code path} received {@code count} requests, for at most {@code deadline}. */
    static void awaitRequests(JwksServer server, String path, int count, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (server.requests(path) < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void aNewKeyIsUsableOnTheFirstTokenThatNamesIt() throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1));
        try (Running filter = run(config())) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            assertEquals(1, provider.requests("/jwks"));

            provider.serve("/jwks", TestKeys.jwks(K1, K2));
            clock.advance(PAST_COOL_DOWN);

            assertAdmitted(filter.get(token(TestKeys.RSA_OTHER, "k2")), "alice");
            assertEquals(2, provider.requests("/jwks"));
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            assertAdmitted(filter.get(token(TestKeys.RSA_OTHER, "k2")), "alice");
            assertEquals(2, provider.requests("/jwks"), "known keys never make the filter fetch");
        }
    }

    @Test
    void aRemovedKeyStopsValidatingAfterTheNextRefresh() throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1, K2));
        try (Running filter = run(config().set("jwks-refresh", "1"))) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");

            provider.serve("/jwks", TestKeys.jwks(K2));
            int before = provider.requests("/jwks");
            HttpResponse<String> response = await(401, Duration.ofSeconds(5),
                    () -> filter.get(token(TestKeys.RSA, "k1")));

            assertEquals("no key is known for the token", assertInvalidToken(response));
            assertTrue(provider.requests("/jwks") > before, "a background refresh ran");
            assertAdmitted(filter.get(token(TestKeys.RSA_OTHER, "k2")), "alice");
        }
    }

    @Test
    void whenTheProviderStopsTheLastGoodKeysAreStillUsedAndTheOutageIsLoggedOnce() throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1));
        try (Running filter = run(config()); LogRecorder log = LogRecorder.named(REMOTE_JWKS_LOGGER)) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");

            provider.stop();
            for (int attempt = 0; attempt < 3; attempt++) {
                // An unknown kid after the cool-down makes the filter try (and fail) to refetch.
                clock.advance(PAST_COOL_DOWN);
                assertEquals("no key is known for the token",
                        assertInvalidToken(filter.get(token(TestKeys.RSA_OTHER, "k2"))));
                assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            }
            assertEquals(1, log.messages(Level.WARNING).size(), log.messages().toString());
            assertTrue(log.messages(Level.WARNING).get(0).contains("keeping the keys fetched at"),
                    log.messages().toString());

            provider.serve("/jwks", TestKeys.jwks(K1, K2));
            provider.restart();
            clock.advance(PAST_COOL_DOWN);
            assertAdmitted(filter.get(token(TestKeys.RSA_OTHER, "k2")), "alice");
            assertEquals(1, log.messages(Level.INFO).size(), log.messages().toString());
            assertTrue(log.messages(Level.INFO).get(0).contains("fetched again"), log.messages().toString());
            assertEquals(1, log.messages(Level.WARNING).size(), log.messages().toString());
        }
    }

    @Test
    void aSlowProviderHoldsTheRequestThatNeedsItNoLongerThanTheTimeOutAndOthersNotAtAll()
            throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1));
        try (Running filter = run(config())) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");

            provider.serve("/jwks", Answer.json(TestKeys.jwks(K1, K2)).delayedBy(Duration.ofSeconds(10)));
            clock.advance(PAST_COOL_DOWN);
            String newKey = token(TestKeys.RSA_OTHER, "k2");
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return filter.get(newKey);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRequests(provider, "/jwks", 2, Duration.ofSeconds(5));
            long knownStart = System.nanoTime();
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            long known = millisSince(knownStart);
            HttpResponse<String> slow = waiting.get();
            long elapsed = millisSince(start);

            // The keys it has are still good: the unknown kid is the token's fault.
            assertInvalidToken(slow);
            assertTrue(elapsed >= 900 && elapsed < 2000, "the request was freed after " + elapsed + " ms");
            assertTrue(known < 500, "a token with a known key waited " + known + " ms");
            System.out.println("[RemoteKeysTest] slow provider: request freed after " + elapsed
                    + " ms (jwks-timeout 1 s); a known-key request meanwhile took " + known + " ms");
        }
    }

    @Test
    void aSlowProviderAtStartDelaysStartByAboutTheTimeOutAndItsTokensGet503() throws Exception {
        provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).delayedBy(Duration.ofSeconds(10)));
        long start = System.nanoTime();
        try (Running filter = run(config())) {
            long started = millisSince(start);
            assertTrue(started < 3000, "started after " + started + " ms");
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertEquals(0, filter.jetty.servletCalls());
            System.out.println("[RemoteKeysTest] slow provider at start: the filter started after "
                    + started + " ms");
        }
    }

    @Test
    void withNoKeySetEverFetchedTheFilterStartsAndAnswers503WithRetryAfter() throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1));
        provider.stop();
        try (Running filter = run(config())) {
            HttpResponse<String> response = filter.get(token(TestKeys.RSA, "k1"));
            assertUnavailable(response);
            assertEquals("signing keys are not available", Responses.json(response).get("error_description"));
            clock.advance(PAST_COOL_DOWN);
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertEquals(0, filter.jetty.servletCalls());

            provider.restart();
            clock.advance(PAST_COOL_DOWN);
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
        }
    }

    @Test
    void malformedJsonGivesNoKeysUntilTheProviderIsFixed() throws Exception {
        provider.serve("/jwks", "{\"keys\":[" + K1);
        try (Running filter = run(config())) {
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertTrue(provider.requests("/jwks") >= 1);

            provider.serve("/jwks", TestKeys.jwks(K1));
            clock.advance(PAST_COOL_DOWN);
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
        }
    }

    @Test
    void malformedJsonAfterGoodKeysKeepsTheGoodKeys() throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1));
        try (Running filter = run(config())) {
            provider.serve("/jwks", "{\"keys\":[" + K2 + "," + K2 + "]");
            clock.advance(PAST_COOL_DOWN);
            assertInvalidToken(filter.get(token(TestKeys.RSA_OTHER, "k2")));
            assertEquals(2, provider.requests("/jwks"));
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
        }
    }

    @Test
    void anOversizedDocumentIsRefused() throws Exception {
        String padding = "x".repeat(600 * 1024);
        provider.serve("/jwks", "{\"keys\":[" + K1 + "],\"padding\":\"" + padding + "\"}");
        try (Running filter = run(config())) {
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertTrue(provider.requests("/jwks") >= 1);
        }
    }

    @Test
    void http500GivesNoKeys() throws Exception {
        provider.serve("/jwks", Answer.status(500));
        try (Running filter = run(config())) {
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertTrue(provider.requests("/jwks") >= 1);
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        provider.serve("/jwks", Answer.redirect(provider.url("/moved")));
        provider.serve("/moved", TestKeys.jwks(K1));
        try (Running filter = run(config())) {
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            clock.advance(PAST_COOL_DOWN);
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertTrue(provider.requests("/jwks") >= 2);
            assertEquals(0, provider.requests("/moved"));
        }
    }

    @Test
    void keysOlderThanTheRetentionAreNoLongerUsedAndTokensGet503() throws Exception {
        provider.serve("/jwks", TestKeys.jwks(K1));
        try (Running filter = run(config().set("jwks-retention", "60"))) {
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
            provider.serve("/jwks", Answer.status(500));

            clock.advance(Duration.ofSeconds(59));
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");

            clock.advance(Duration.ofSeconds(2));
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            assertEquals(2, filter.jetty.servletCalls());

            provider.serve("/jwks", TestKeys.jwks(K1));
            clock.advance(PAST_COOL_DOWN);
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
        }
    }

    @Test
    void cacheControlMaxAgeShortensTheRefreshInterval() throws Exception {
        provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).withHeader("Cache-Control", "max-age=1"));
        long start = System.nanoTime();
        try (Running filter = run(config())) {
            awaitRequests(provider, "/jwks", 3, Duration.ofSeconds(6));
            long elapsed = millisSince(start);
            assertTrue(provider.requests("/jwks") >= 3,
                    "with jwks-refresh=600, max-age=1 should refresh about every second; got "
                            + provider.requests("/jwks") + " fetches in " + elapsed + " ms");
            assertTrue(elapsed >= 1800, "two refreshes came after only " + elapsed + " ms");
            assertAdmitted(filter.get(token(TestKeys.RSA, "k1")), "alice");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "provider {0}: the WARNING says \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource({
        "stopped, connection refused",
        "answering 503, HTTP 503",
        "not answering, timed out"})
    void theOutageWarningNamesItsCause(String state, String cause) throws Exception {
        switch (state) {
            case "stopped":
                provider.stop();
                break;
            case "answering 503":
                provider.serve("/jwks", Answer.status(503));
                break;
            default:
                provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).delayedBy(Duration.ofSeconds(10)));
        }
        try (LogRecorder log = LogRecorder.named(REMOTE_JWKS_LOGGER); Running filter = run(config())) {
            assertUnavailable(filter.get(token(TestKeys.RSA, "k1")));
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (log.messages(Level.WARNING).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            String warning = String.join(" / ", log.messages(Level.WARNING));
            assertTrue(warning.contains(provider.url("/jwks") + ": " + cause)
                    || warning.contains(provider.url("/jwks") + " answered " + cause), warning);
            assertTrue(warning.contains("cannot fetch keys for issuer " + TestTokens.ISSUER), warning);
        }
    }
}
