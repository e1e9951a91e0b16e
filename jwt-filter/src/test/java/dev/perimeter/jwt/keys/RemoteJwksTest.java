package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.JwksServer.Answer;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One remote key set against a real local provider, fetched on the calling thread (or a small
 * pool) so that each rule can be checked exactly: refresh delay within its bounds, cool-down,
 * one shared fetch, retention, issuer binding, discovery.
 */
class RemoteJwksTest {

    private static final String ISSUER = "https://issuer.test";
    private static final String K1 = TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256");

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

    /** Settings with refresh, cool-down and retention in seconds, a 5 s time-out, RS256 only. */
    private RemoteJwks.Settings settings(long refresh, long minRefetch, long retention) {
        return new RemoteJwks.Settings(new JsonDocumentFetcher(Duration.ofSeconds(5), true),
                Set.of(JwsAlgorithm.RS256), clock, Duration.ofSeconds(refresh),
                Duration.ofSeconds(minRefetch), Duration.ofSeconds(retention));
    }

    private RemoteJwks jwks(RemoteJwks.Settings settings) {
        return RemoteJwks.forUrl(URI.create(provider.url("/jwks")), ISSUER, settings);
    }

    /** Fetches on this thread. */
    private static void fetchNow(RemoteJwks source) {
        source.fetch(Runnable::run, () -> { }).join();
    }

    @ParameterizedTest(name = "Cache-Control ''{0}'' with refresh 600, cool-down 30: next in {1} s")
    @CsvSource(delimiter = '|', value = {
        "|600",
        "public|600",
        "max-age=120|120",
        "max-age=30|30",
        "max-age=5|30",
        "max-age=0|30",
        "no-store|30",
        "no-cache, max-age=300|30",
        "max-age=3600|600",
        "max-age=999999999|600"})
    void theNextRefreshFollowsMaxAgeBetweenTheCoolDownAndTheRefreshInterval(String cacheControl,
            long expectedSeconds) {
        Answer answer = Answer.json(TestKeys.jwks(K1));
        provider.serve("/jwks", cacheControl == null ? answer : answer.withHeader("Cache-Control", cacheControl));
        RemoteJwks source = jwks(settings(600, 30, 86_400));

        fetchNow(source);

        assertNotNull(source.keys());
        assertEquals(Duration.ofSeconds(expectedSeconds), source.nextRefreshDelay());
    }

    @Test
    void withNoCoolDownMaxAgeZeroStillWaitsASecond() {
        provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).withHeader("Cache-Control", "no-store"));
        RemoteJwks source = jwks(settings(600, 0, 86_400));

        fetchNow(source);

        assertEquals(Duration.ofSeconds(1), source.nextRefreshDelay());
    }

    @Test
    void aFailingSourceIsRetriedAfterTheCoolDownNotTheRefreshInterval() {
        provider.serve("/jwks", Answer.status(500));
        RemoteJwks source = jwks(settings(600, 30, 86_400));
        assertEquals(Duration.ofSeconds(30), source.nextRefreshDelay(), "before any fetch");

        fetchNow(source);

        assertNull(source.keys());
        assertEquals(Duration.ofSeconds(30), source.nextRefreshDelay());
    }

    /** Asks for the refetch of an unknown kid, run on this thread; false when refused. */
    private static boolean refetchNow(RemoteJwks source) {
        java.util.concurrent.CompletableFuture<Void> refetch =
                source.refetchForUnknownKey(Runnable::run, () -> { });
        if (refetch == null) {
            return false;
        }
        refetch.join();
        return true;
    }

    @Test
    void anUnknownKidMayRefetchOnlyOncePerCoolDown() {
        provider.serve("/jwks", TestKeys.jwks(K1));
        RemoteJwks source = jwks(settings(600, 30, 86_400));

        assertTrue(refetchNow(source), "never refetched");
        assertEquals(1, provider.requests("/jwks"));
        assertFalse(refetchNow(source), "the fetch that just lacked the kid answers");
        clock.advance(Duration.ofSeconds(29));
        assertFalse(refetchNow(source));
        assertEquals(1, provider.requests("/jwks"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(refetchNow(source));
        assertEquals(2, provider.requests("/jwks"));
    }

    @Test
    void scheduledRefreshesNeitherUseNorRestartTheCoolDownOfUnknownKids() {
        provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).withHeader("Cache-Control", "no-cache"));
        RemoteJwks source = jwks(settings(600, 30, 86_400));
        fetchNow(source); // the fetch at start
        assertTrue(refetchNow(source), "a fetch at start or by schedule leaves the refetch free");

        clock.advance(Duration.ofSeconds(20));
        fetchNow(source); // a scheduled refresh inside the cool-down
        clock.advance(Duration.ofSeconds(10));
        assertTrue(refetchNow(source), "30 s after the last refetch, whatever ran between");
        assertEquals(4, provider.requests("/jwks"));
    }

    @Test
    void theCoolDownCountsFromTheStartOfAFailedFetchToo() {
        provider.serve("/jwks", Answer.status(503));
        RemoteJwks source = jwks(settings(600, 30, 86_400));

        assertTrue(refetchNow(source));

        assertFalse(refetchNow(source));
        clock.advance(Duration.ofSeconds(30));
        assertTrue(refetchNow(source));
        assertEquals(2, provider.requests("/jwks"));
    }

    @Test
    void aRefetchAskedForWhileAScheduledFetchRunsFetchesAgainAfterIt() throws Exception {
        // The running fetch may have read the set before the new key was published.
        provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).delayedBy(Duration.ofMillis(300)));
        RemoteJwks source = jwks(settings(600, 30, 86_400));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> scheduled = source.fetch(pool, () -> { });
            CompletableFuture<Void> refetch = source.refetchForUnknownKey(pool, () -> { });
            CompletableFuture<Void> joined = source.refetchForUnknownKey(pool, () -> { });
            refetch.get(5, TimeUnit.SECONDS);
            assertTrue(scheduled.isDone());
            assertSame(refetch, joined, "callers during one refetch share it");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, provider.requests("/jwks"));
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        provider.serve("/jwks", Answer.json(TestKeys.jwks(K1)).delayedBy(Duration.ofMillis(300)));
        RemoteJwks source = jwks(settings(600, 30, 86_400));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<CompletableFuture<Void>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> source.refetchForUnknownKey(pool, () -> { }), callers));
            }
            for (CompletableFuture<CompletableFuture<Void>> call : calls) {
                CompletableFuture<Void> refetch = call.get(5, TimeUnit.SECONDS);
                if (refetch != null) {
                    refetch.get(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
            callers.shutdownNow();
        }
        assertEquals(1, provider.requests("/jwks"));
        assertNotNull(source.keys());
    }

    @Test
    void aRefetchOfAnUnchangedSetKeepsTheSameKeyObjectsAndAChangedKeyGetsANewOne() {
        String k2 = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k2", "RS256");
        provider.serve("/jwks", TestKeys.jwks(K1, k2));
        RemoteJwks source = jwks(settings(600, 0, 86_400));
        fetchNow(source);
        List<VerificationKey> first = source.keys();

        provider.serve("/jwks", TestKeys.jwks(k2, K1)); // same keys, other order
        fetchNow(source);
        assertSame(keyWithId(first, "k1"), keyWithId(source.keys(), "k1"));
        assertSame(keyWithId(first, "k2"), keyWithId(source.keys(), "k2"));

        provider.serve("/jwks", TestKeys.jwks(K1, TestKeys.jwk(TestKeys.RSA.getPublic(), "k2", "RS256")));
        fetchNow(source);
        assertSame(keyWithId(first, "k1"), keyWithId(source.keys(), "k1"));
        assertFalse(keyWithId(first, "k2") == keyWithId(source.keys(), "k2"),
                "k2 now names other key material");
    }

    private static VerificationKey keyWithId(List<VerificationKey> keys, String kid) {
        return keys.stream().filter(k -> kid.equals(k.keyId())).findFirst().orElseThrow();
    }

    @Test
    void theAfterFetchStepRunsBeforeCallersAreReleased() {
        provider.serve("/jwks", TestKeys.jwks(K1));
        RemoteJwks source = jwks(settings(600, 30, 86_400));
        List<String> order = new ArrayList<>();

        source.fetch(Runnable::run, () -> order.add("after fetch")).thenRun(() -> order.add("released")).join();

        assertEquals(List.of("after fetch", "released"), order);
    }

    @Test
    void lastGoodKeysAreKeptThroughFailuresUntilTheRetentionEnds() {
        provider.serve("/jwks", TestKeys.jwks(K1));
        RemoteJwks source = jwks(settings(600, 1, 60));
        fetchNow(source);
        List<VerificationKey> good = source.keys();

        provider.serve("/jwks", "{\"keys\":");
        clock.advance(Duration.ofSeconds(30));
        fetchNow(source);
        assertSame(good, source.keys());
        assertEquals(clock.instant().minusSeconds(30).plusSeconds(60), source.keysUsableUntil());

        clock.advance(Duration.ofSeconds(30));
        assertSame(good, source.keys(), "usable up to and including the last instant");
        clock.advance(Duration.ofMillis(1));
        assertNull(source.keys());
    }

    @Test
    void fetchedKeysAreBoundToTheSourcesIssuer() {
        provider.serve("/jwks", TestKeys.jwks(K1, TestKeys.jwk(TestKeys.EC_P256.getPublic(), "e1", "ES256")));
        RemoteJwks source = jwks(settings(600, 1, 60));

        fetchNow(source);

        assertEquals(1, source.keys().size(), "ES256 is not allowed: skipped");
        VerificationKey key = source.keys().get(0);
        assertEquals(ISSUER, key.issuer());
        assertEquals("k1", key.keyId());
        KeySet set = KeySet.of(source.keys());
        assertSame(key, set.find(ISSUER, "k1", JwsAlgorithm.RS256));
        assertNull(set.find("https://other.test", "k1", JwsAlgorithm.RS256));
    }

    @Test
    void aProvidersInvalidOrAmbiguousKeyIsSkippedAndTheRestOfItsSetStillServes() {
        String weak = TestKeys.jwk(TestKeys.RSA_1024.getPublic(), "weak", "RS256");
        String noAlgOnEd448 = "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"kid\":\"ed448\",\"x\":\"AAAA\"}";
        provider.serve("/jwks", TestKeys.jwks(weak, noAlgOnEd448, K1));
        RemoteJwks source = jwks(settings(600, 1, 60));

        fetchNow(source);

        assertEquals(1, source.keys().size());
        assertEquals("k1", source.keys().get(0).keyId());
    }

    @Test
    void aSetWithNoUsableKeyOrWithCollidingKeysIsNotPublished() {
        provider.serve("/jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.EC_P256.getPublic(), "e1", "ES256")));
        RemoteJwks source = jwks(settings(600, 0, 60));
        fetchNow(source);
        assertNull(source.keys());

        provider.serve("/jwks", TestKeys.jwks(K1, TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k1", "RS256")));
        fetchNow(source);
        assertNull(source.keys());

        provider.serve("/jwks", TestKeys.jwks(K1));
        fetchNow(source);
        assertNotNull(source.keys());
    }

    @Test
    void discoveryFindsTheKeySetThroughTheIssuersDocument() {
        String issuer = provider.url("/realms/demo");
        provider.serve("/realms/demo/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}");
        provider.serve("/realms/demo/certs", TestKeys.jwks(K1));
        RemoteJwks source = RemoteJwks.forDiscovery(issuer, settings(600, 1, 60));

        fetchNow(source);

        assertEquals(issuer, source.keys().get(0).issuer());
        assertEquals(1, provider.requests("/realms/demo/certs"));
    }

    @Test
    void theDiscoveryAddressOfAnIssuerWithATrailingSlashHasNoDoubleSlash() {
        assertEquals(URI.create("https://idp.test/realms/x/.well-known/openid-configuration"),
                RemoteJwks.discoveryUri("https://idp.test/realms/x/"));
        assertEquals(URI.create("https://idp.test/.well-known/openid-configuration"),
                RemoteJwks.discoveryUri("https://idp.test"));
    }

    @Test
    void aDiscoveryDocumentWithoutAUsableJwksUriGivesNoKeys() {
        String issuer = provider.url("/realms/demo");
        RemoteJwks source = RemoteJwks.forDiscovery(issuer, settings(600, 0, 60));
        for (String document : List.of(
                "{\"issuer\":\"" + issuer + "\"}",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":42}",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"not a uri\"}",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"http://192.0.2.1/certs\"}",
                "[\"" + issuer + "\"]")) {
            provider.serve("/realms/demo/.well-known/openid-configuration", document);
            fetchNow(source);
            assertNull(source.keys(), document);
        }
    }

    @Test
    void onlyHttpsOrAllowedLoopbackAddressesMakeASource() {
        RemoteJwks.Settings strict = new RemoteJwks.Settings(
                new JsonDocumentFetcher(Duration.ofSeconds(1), false), Set.of(JwsAlgorithm.RS256), clock,
                Duration.ofSeconds(600), Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteJwks.forUrl(URI.create(provider.url("/jwks")), ISSUER, strict));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteJwks.forDiscovery(provider.url("/realms/demo"), strict));
        assertNotNull(RemoteJwks.forUrl(URI.create("https://idp.test/jwks"), ISSUER, strict));
    }
}
