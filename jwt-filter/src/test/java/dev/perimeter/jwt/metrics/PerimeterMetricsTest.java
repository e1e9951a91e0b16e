package dev.perimeter.jwt.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.RemoteKeySource;
import dev.perimeter.jwt.revocation.RevocationHealth;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.FixedStateRevocationStore;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import dev.perimeter.jwt.Perimeters;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each metric of {@link PerimeterMetrics}, fed by real requests through the filter in Jetty. */
class PerimeterMetricsTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.startingNow();

    private JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).clock(clock)
                .publicPaths("/open/*");
    }

    private String token(String subject, Instant issuedAt) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims(subject, issuedAt, "user"));
    }

    @Test
    void requestsAreCountedByOutcomeAndReasonAndValidationsTimed() throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            String valid = token("alice", clock.instant());
            String expired = token("carol", clock.instant().minusSeconds(4000));
            String forged = TestTokens.sign(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("mallory", clock.instant()), "SHA256withRSA",
                    TestKeys.RSA_OTHER.getPrivate());
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", expired);
            jetty.getWithBearer("/api/me", forged);
            jetty.getWithBearer("/api/me", "not-a-token");
            jetty.send(jetty.request("/api/me").GET().build());
            jetty.send(jetty.request("/open/page").GET().build());

            PerimeterMetrics metrics = filter.perimeter().metrics();
            assertEquals(2, metrics.requests(RequestOutcome.ADMITTED));
            assertEquals(1, metrics.requests(RequestOutcome.EXPIRED));
            assertEquals(1, metrics.requests(RequestOutcome.BAD_SIGNATURE));
            assertEquals(1, metrics.requests(RequestOutcome.MALFORMED));
            assertEquals(1, metrics.requests(RequestOutcome.NO_TOKEN));
            assertEquals(1, metrics.requests(RequestOutcome.PASSED));
            assertEquals(0, metrics.requests(RequestOutcome.REVOKED));
            assertEquals(4, metrics.rejected());
            Map<RequestOutcome, Long> all = metrics.requests();
            assertEquals(RequestOutcome.values().length, all.size(), "zeros included");
            assertEquals(7, all.values().stream().mapToLong(Long::longValue).sum(),
                    "every request counted once");

            LatencyHistogram validation = metrics.validation();
            assertEquals(5, validation.count(), "one per token verified");
            assertTrue(validation.totalNanos() > 0);
            assertTrue(validation.maxNanos() > 0 && validation.maxNanos() <= validation.totalNanos());
            long[] cumulative = validation.cumulativeCounts();
            assertTrue(cumulative[cumulative.length - 1] <= 5);
            assertEquals("invalid_token", RequestOutcome.EXPIRED.outcome());
            assertEquals("expired", RequestOutcome.EXPIRED.reason());
            assertEquals(503, RequestOutcome.KEYS_UNAVAILABLE.status());
            assertEquals("temporarily_unavailable", RequestOutcome.REVOCATION_UNAVAILABLE.outcome());
        } finally {
            filter.destroy();
        }
    }

    @Test
    void cacheHitsAndMissesAreCountedAndARepeatIsAHit() throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            String valid = token("alice", clock.instant());
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", token("bob", clock.instant()));
            assertEquals(2, filter.perimeter().metrics().cache().hits());
            assertEquals(2, filter.perimeter().metrics().cache().misses());
            assertEquals(2, filter.perimeter().metrics().cache().entries());
            assertEquals(0.5, filter.perimeter().metrics().cache().hitRatio(), 1e-9);
        } finally {
            filter.destroy();
        }
        JwtFilter uncached = new JwtFilter(config().set("cache-size", "0").build());
        try (JettyHarness jetty = JettyHarness.withFilter(uncached)) {
            String valid = token("alice", clock.instant());
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", valid);
            assertEquals(0, uncached.perimeter().metrics().cache().hits() + uncached.perimeter().metrics().cache().misses());
            assertEquals(0.0, uncached.perimeter().metrics().cache().hitRatio());
        } finally {
            uncached.destroy();
        }
    }

    @Test
    void fixedKeysAgeFromTheStartOfTheFilter() {
        TokenVerifier verifier = perimeters.verifier(config().build());
        PerimeterMetrics metrics = new PerimeterMetrics(verifier, null);
        assertEquals(0.0, metrics.keySetAgeSeconds());
        clock.advance(Duration.ofSeconds(90));
        assertEquals(90.0, metrics.keySetAgeSeconds());
    }

    @Test
    void remoteKeysAgeFromTheirLastFetchAndFromTheStartWhileNoneArrived() throws Exception {
        MutableClock remoteClock = MutableClock.system();
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), "k1",
                    "RS256")));
            RemoteKeySource keys = RemoteKeySource.builder(Set.of(JwsAlgorithm.RS256), remoteClock)
                    .allowHttpLoopback(true).timeout(Duration.ofSeconds(5))
                    .jwks(URI.create(provider.url("/jwks")), TestTokens.ISSUER)
                    .build(KeySet.of(java.util.List.of()));
            try {
                PerimeterMetrics metrics = new PerimeterMetrics(perimeters.verifier(JwtConfig
                        .builder().issuer(TestTokens.ISSUER).keySource(keys).clock(remoteClock)
                        .build()), null);
                assertTrue(metrics.keySetAgeSeconds() < 5, "just fetched");
                remoteClock.advance(Duration.ofSeconds(400));
                double age = metrics.keySetAgeSeconds();
                assertTrue(age >= 400 && age < 405, "age " + age);
            } finally {
                keys.close();
            }
            // A provider that never answers: the age counts from the start.
            RemoteKeySource none = RemoteKeySource.builder(Set.of(JwsAlgorithm.RS256), remoteClock)
                    .allowHttpLoopback(true).timeout(Duration.ofMillis(200))
                    .jwks(URI.create(provider.url("/missing")), TestTokens.ISSUER)
                    .build(KeySet.of(java.util.List.of()));
            try {
                Instant started = none.keysFetchedAt();
                remoteClock.advance(Duration.ofSeconds(30));
                assertEquals(started, none.keysFetchedAt());
                PerimeterMetrics metrics = new PerimeterMetrics(perimeters.verifier(JwtConfig
                        .builder().issuer(TestTokens.ISSUER).keySource(none).clock(remoteClock)
                        .build()), null);
                assertTrue(metrics.keySetAgeSeconds() >= 30);
            } finally {
                none.close();
            }
        }
    }

    @Test
    void theRevocationMirrorSizeStatusAndLagAreReported() {
        Perimeter perimeter = perimeters.start(config().build());
        RevocationStore store = perimeter.revocationStore();
        PerimeterMetrics metrics = new PerimeterMetrics(perimeter.verifier(), null);
        assertEquals(0, metrics.revocation().revokedTokens());
        store.revokeToken("t1", clock.instant().plusSeconds(300));
        store.revokeToken("t2", clock.instant().plusSeconds(300));
        store.revokeSubject("bob", clock.instant());
        RevocationHealth health = metrics.revocation();
        assertEquals(RevocationHealth.Status.LOCAL, health.status());
        assertEquals(2, health.revokedTokens());
        assertEquals(1, health.revokedSubjects());
        assertEquals(0.0, metrics.revocationLagSeconds(), "a local store is always current");

        // A shared store's lag is how long ago its mirror was confirmed current.
        Instant lastSync = clock.instant().minusSeconds(42);
        RevocationStore behind = FixedStateRevocationStore.withHealth(new RevocationHealth(
                RevocationHealth.Status.DISCONNECTED, lastSync, Duration.ofSeconds(42), "down", 7, 0));
        PerimeterMetrics lagging = new PerimeterMetrics(perimeters.verifier(config()
                .revocationStore(behind).build()), null);
        assertEquals(42.0, lagging.revocationLagSeconds());
        assertEquals(7, lagging.revocation().revokedTokens());
        RevocationStore never = FixedStateRevocationStore.withHealth(new RevocationHealth(
                RevocationHealth.Status.NEVER_SYNCHRONIZED, null, null, "down", 0, 0));
        assertTrue(Double.isNaN(new PerimeterMetrics(perimeters.verifier(config()
                .revocationStore(never).build()), null).revocationLagSeconds()));
    }

    @Test
    void auditEventsAndDropsAreCountedAndAFloodDropsWithoutStallingRequests() throws Exception {
        JwtFilter filter = new JwtFilter(config().set("audit-queue-size", "16").build());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            AuditLog audit = filter.perimeter().audit();
            audit.execute(() -> {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(held.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            for (int i = 0; i < 60; i++) {
                assertEquals(401, jetty.send(jetty.request("/api/" + i).GET().build())
                        .statusCode());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            PerimeterMetrics metrics = filter.perimeter().metrics();
            assertEquals(16, metrics.auditQueued());
            assertEquals(44, metrics.auditDropped());
            assertEquals(60, metrics.requests(RequestOutcome.NO_TOKEN), "every request counted");
            assertTrue(millis < 5_000, "requests went on while the audit thread was stuck: "
                    + millis + " ms");
            release.countDown();
            assertTrue(audit.flush(WAIT));
            assertEquals(16, metrics.auditEvents(AuditEvent.Kind.REJECTED));
            assertEquals(1, metrics.auditEvents(AuditEvent.Kind.WARNING), "the drop report");
            assertEquals(0, metrics.auditQueued());
        } finally {
            release.countDown();
            filter.destroy();
        }
    }
}
