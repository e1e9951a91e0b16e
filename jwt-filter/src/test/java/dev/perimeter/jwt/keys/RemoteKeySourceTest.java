package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.JwksServer.Answer;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The composite source: fixed plus remote keys, start, refetch on demand, retention, close. */
class RemoteKeySourceTest {

    private static final String A = "https://a.issuer.test";
    private static final String B = "https://b.issuer.test";
    private static final String K1 = TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256");
    private static final String K2 = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k2", "RS256");

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

    private RemoteKeySource.Builder builder() {
        return RemoteKeySource.builder(Set.of(JwsAlgorithm.RS256, JwsAlgorithm.HS256), clock)
                .allowHttpLoopback(true).timeout(Duration.ofSeconds(5)).minRefetch(Duration.ofSeconds(1))
                .refresh(Duration.ofSeconds(600)).retention(Duration.ofSeconds(60));
    }

    private URI url(String path) {
        return URI.create(provider.url(path));
    }

    private static VerificationKey fixedSecret() {
        return Keys.secret(TestKeys.utf8(TestKeys.SECRET_256), Set.of(JwsAlgorithm.HS256), "secret");
    }

    @Test
    void buildFetchesEveryRemoteSourceAndPublishesThemWithTheFixedKeys() {
        provider.serve("/a", TestKeys.jwks(K1)).serve("/b", TestKeys.jwks(K2));
        VerificationKey secret = fixedSecret();
        try (RemoteKeySource keys = builder().jwks(url("/a"), A).jwks(url("/b"), B)
                .build(KeySet.of(List.of(secret)))) {
            KeySet current = keys.current();
            assertEquals(3, current.keys().size());
            assertNotNull(current.find(A, "k1", JwsAlgorithm.RS256));
            assertNull(current.find(B, "k1", JwsAlgorithm.RS256));
            assertNotNull(current.find(B, "k2", JwsAlgorithm.RS256));
            assertSame(secret, current.find(A, null, JwsAlgorithm.HS256));
            assertSame(secret, current.find(B, null, JwsAlgorithm.HS256));
            assertTrue(keys.isAvailable(A));
            assertTrue(keys.isAvailable(B));
        }
    }

    @Test
    void buildWaitsForAStalledProviderNoLongerThanTheTimeOut() {
        provider.serve("/a", Answer.json(TestKeys.jwks(K1)).delayedBy(Duration.ofSeconds(10)));
        long start = System.nanoTime();
        try (RemoteKeySource keys = builder().timeout(Duration.ofSeconds(1)).jwks(url("/a"), A)
                .build(KeySet.of(List.of()))) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsed >= 900 && elapsed < 2500, "built after " + elapsed + " ms");
            assertTrue(keys.current().isEmpty());
            assertFalse(keys.isAvailable(A));
            assertTrue(keys.isAvailable(B), "an issuer without remote sources depends on none");
        }
    }

    @Test
    void refreshedRefetchesOnlyTheSourcesOfTheTokensIssuer() {
        provider.serve("/a", TestKeys.jwks(K1)).serve("/b", TestKeys.jwks(K1));
        try (RemoteKeySource keys = builder().jwks(url("/a"), A).jwks(url("/b"), B)
                .build(KeySet.of(List.of()))) {
            provider.serve("/a", TestKeys.jwks(K1, K2));
            clock.advance(Duration.ofSeconds(2));

            KeySet refreshed = keys.refreshed(A);

            assertNotNull(refreshed.find(A, "k2", JwsAlgorithm.RS256));
            assertEquals(2, provider.requests("/a"));
            assertEquals(1, provider.requests("/b"));
            assertSame(refreshed, keys.current());
        }
    }

    @Test
    void refreshedWithinTheCoolDownAnswersAtOnceWithoutFetching() {
        provider.serve("/a", TestKeys.jwks(K1));
        try (RemoteKeySource keys = builder().jwks(url("/a"), A).build(KeySet.of(List.of()))) {
            for (int i = 0; i < 50; i++) {
                keys.refreshed(A);
            }
            assertEquals(2, provider.requests("/a"), "the fetch at start, then one refetch");
            clock.advance(Duration.ofSeconds(1));
            keys.refreshed(A);
            keys.refreshed(A);
            assertEquals(3, provider.requests("/a"));
        }
    }

    @Test
    void refreshedWaitsForAStalledProviderNoLongerThanTheTimeOutAndKeepsTheLastGoodKeys() {
        provider.serve("/a", TestKeys.jwks(K1));
        try (RemoteKeySource keys = builder().timeout(Duration.ofSeconds(2)).jwks(url("/a"), A)
                .build(KeySet.of(List.of()))) {
            provider.serve("/a", Answer.json(TestKeys.jwks(K1, K2)).delayedBy(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(2));
            long start = System.nanoTime();
            KeySet refreshed = keys.refreshed(A);
            long elapsed = (System.nanoTime() - start) / 1_000_000;

            assertTrue(elapsed >= 1900 && elapsed < 3500, "waited " + elapsed + " ms");
            assertNull(refreshed.find(A, "k2", JwsAlgorithm.RS256));
            assertNotNull(refreshed.find(A, "k1", JwsAlgorithm.RS256), "the last good keys stay");
            assertTrue(keys.isAvailable(A));
        }
    }

    @Test
    void keysPastTheRetentionLeaveTheSetWithoutWaitingForAFetch() {
        provider.serve("/a", TestKeys.jwks(K1));
        VerificationKey secret = fixedSecret();
        try (RemoteKeySource keys = builder().jwks(url("/a"), A).build(KeySet.of(List.of(secret)))) {
            provider.serve("/a", Answer.status(500));
            clock.advance(Duration.ofSeconds(60));
            assertNotNull(keys.current().find(A, "k1", JwsAlgorithm.RS256));

            clock.advance(Duration.ofSeconds(1));

            assertNull(keys.current().find(A, "k1", JwsAlgorithm.RS256));
            assertSame(secret, keys.current().find(A, null, JwsAlgorithm.HS256), "fixed keys stay");
            assertFalse(keys.isAvailable(A));
            assertEquals(1, provider.requests("/a"), "no fetch was needed to drop them");
        }
    }

    @Test
    void aSourceWhoseKeysCollideWithTheFixedKeysIsLeftOutAndTheOthersStillUpdate() {
        VerificationKey fixedK1 = Jwks.parseSet(TestKeys.utf8(TestKeys.jwks(K1)), Set.of(JwsAlgorithm.RS256),
                null, "fixed", why -> { }).get(0);
        provider.serve("/a", TestKeys.jwks(K1)).serve("/b", TestKeys.jwks(K2));
        try (RemoteKeySource keys = builder().jwks(url("/a"), A).jwks(url("/b"), B)
                .build(KeySet.of(List.of(fixedK1)))) {
            assertSame(fixedK1, keys.current().find(A, "k1", JwsAlgorithm.RS256));
            assertNotNull(keys.current().find(B, "k2", JwsAlgorithm.RS256));

            provider.serve("/b", TestKeys.jwks(K1.replace("\"k1\"", "\"k3\"")));
            clock.advance(Duration.ofSeconds(2));
            assertNotNull(keys.refreshed(B).find(B, "k3", JwsAlgorithm.RS256));
        }
    }

    @Test
    void refreshThreadsAreDaemonsNamedForPerimeterAndStopOnClose() throws Exception {
        provider.serve("/a", Answer.json(TestKeys.jwks(K1)).withHeader("Cache-Control", "max-age=1"));
        List<Thread> before = refreshThreads();
        RemoteKeySource keys = builder().jwks(url("/a"), A).build(KeySet.of(List.of()));
        List<Thread> threads = refreshThreads();
        threads.removeAll(before);
        assertFalse(threads.isEmpty());
        assertTrue(threads.stream().allMatch(Thread::isDaemon));
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (provider.requests("/a") < 2 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(provider.requests("/a") >= 2, "max-age=1 makes it refresh in the background");

        keys.close();
        for (Thread thread : threads) {
            thread.join(5000);
            assertFalse(thread.isAlive(), thread + " still runs");
        }
        int fetches = provider.requests("/a");
        Thread.sleep(1500);
        assertEquals(fetches, provider.requests("/a"), "no refresh after close");
        keys.close(); // closing twice is harmless
        assertTrue(keys.refreshed(A).find(A, "k1", JwsAlgorithm.RS256) != null,
                "a closed source still answers with what it has");
    }

    private static List<Thread> refreshThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("perimeter-jwks-refresh"))
                .collect(java.util.stream.Collectors.toList());
    }
}
