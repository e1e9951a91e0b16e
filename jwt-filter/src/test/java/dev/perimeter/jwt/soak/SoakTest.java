package dev.perimeter.jwt.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.revocation.JdbcRevocationStore;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestDatabases;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak: real Jetty with the filter, revocation in PostgreSQL, keys from a local JWKS
 * provider that rotates a key and then goes down for a while, and a loopback load of valid,
 * forged, expired and revoked tokens at concurrency 64.
 *
 * <p>Phases, as fractions of the run: 0–0.2 warm-up with key k1; at 0.2 the provider adds k2
 * (picked up by the 1 s background refresh) and valid tokens signed with k2 join once the filter
 * knows it; 0.5–0.75 the provider is down, and known keys must still pass (retention); then it
 * comes back. Nothing forged, expired or revoked may pass, no valid token may be refused, no 500.
 *
 * <p>{@code -Dperimeter.soak.seconds=600} runs longer (default 60, for CI);
 * {@code -Dperimeter.soak.maxRequests} bounds the requests (default 2,000,000).
 */
class SoakTest {

    private static final int CONCURRENCY = 64;
    private static final long SECONDS = Long.getLong("perimeter.soak.seconds", 60);
    private static final long MAX_REQUESTS = Long.getLong("perimeter.soak.maxRequests", 2_000_000);
    private static final String K1 = TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256");
    private static final String K2 = TestKeys.jwk(TestKeys.EC_P256.getPublic(), "k2", "ES256");

    enum Kind { VALID_K1, VALID_K2, FORGED, EXPIRED, REVOKED }

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong admittedForged = new AtomicLong();
    private final AtomicLong admittedExpired = new AtomicLong();
    private final AtomicLong admittedRevoked = new AtomicLong();
    private final AtomicLong validRefused = new AtomicLong();
    private final AtomicLong validAdmitted = new AtomicLong();
    private final AtomicLong status500 = new AtomicLong();
    private final AtomicLong transportErrors = new AtomicLong();
    private final AtomicReference<String> firstSurprise = new AtomicReference<>();

    @Test
    void nothingForgedExpiredOrRevokedPassesAndValidTokensAlwaysDo() throws Exception {
        String table = TestDatabases.uniqueName("perimeter_soak");
        Clock clock = Clock.systemUTC();
        JdbcRevocationStore store = JdbcRevocationStore
                .builder(new RevocationSettings(clock, Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .url(TestDatabases.POSTGRES).table(table).build();
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/jwks", TestKeys.jwks(K1));
            JwtConfig config = JwtConfig.builder().issuer(TestTokens.ISSUER)
                    .audience(TestTokens.AUDIENCE).algorithms("RS256", "ES256")
                    .jwks(provider.url("/jwks")).allowHttpLoopbackKeys(true)
                    .set("jwks-refresh", "1").set("jwks-min-refetch", "1").set("jwks-timeout", "1")
                    // forged and valid tokens come from one address here; the budget of failed
                    // signatures per address and the bound on a suspect address's checks, which
                    // would refuse both, are ForgedTokenFloodTest's
                    .set("signature-failure-limit", "0").set("signature-concurrency", "0")
                    .revocationStore(store).clock(clock).build();
            JwtFilter filter = new JwtFilter(config);
            try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
                run(provider, store, filter.perimeter().verifier(), jetty);
            }
        } finally {
            store.close();
            TestDatabases.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_replay");
        }
    }

    private void run(JwksServer provider, JdbcRevocationStore store, TokenVerifier verifier,
            JettyHarness jetty) throws Exception {
        Instant now = Instant.now();
        long exp = now.getEpochSecond() + SECONDS + 600;
        String rs = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}";
        String es = "{\"alg\":\"ES256\",\"kid\":\"k2\",\"typ\":\"JWT\"}";
        List<String> validK1 = mint(100, i -> TestTokens.sign(rs, claims("v" + i, now, exp),
                "SHA256withRSA", TestKeys.RSA.getPrivate()));
        List<String> validK2 = mint(100, i -> TestTokens.sign(es, claims("w" + i, now, exp),
                "SHA256withECDSAinP1363Format", TestKeys.EC_P256.getPrivate()));
        PrivateKey attacker = TestKeys.RSA_OTHER.getPrivate();
        List<String> forged = mint(60, i -> switch (i % 4) {
            case 0 -> TestTokens.sign(rs, claims("f" + i, now, exp), "SHA256withRSA", attacker);
            case 1 -> TestTokens.sign("{\"alg\":\"RS256\",\"kid\":\"k9\"}", claims("f" + i, now, exp),
                    "SHA256withRSA", attacker);
            case 2 -> TestTokens.b64("{\"alg\":\"none\"}") + "." + TestTokens.b64(claims("f" + i, now, exp)) + ".";
            default -> TestTokens.hs256("{\"alg\":\"HS256\",\"kid\":\"k1\"}", claims("f" + i, now, exp),
                    TestKeys.utf8(TestKeys.SECRET_256));
        });
        List<String> expired = mint(40, i -> TestTokens.sign(rs,
                claims("e" + i, now.minusSeconds(7200), now.getEpochSecond() - 3600),
                "SHA256withRSA", TestKeys.RSA.getPrivate()));
        Eventually.within(Duration.ofSeconds(15), "the revocation store synchronizes", store::isReady);
        List<String> revoked = mint(40, i -> TestTokens.sign(rs, claims("r" + i, now, exp),
                "SHA256withRSA", TestKeys.RSA.getPrivate()));
        for (int i = 0; i < revoked.size(); i++) {
            store.revokeToken("r" + i, Instant.ofEpochSecond(exp));
        }
        String lastRevoked = revoked.get(revoked.size() - 1);
        Eventually.within(Duration.ofSeconds(10), "the revocations reach the mirror",
                () -> verifier.verify(lastRevoked).rejection() == Rejection.REVOKED);

        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> heap = new ArrayList<>();
        long startNanos = System.nanoTime();
        long total = TimeUnit.SECONDS.toNanos(SECONDS);
        Semaphore permits = new Semaphore(CONCURRENCY);
        boolean rotated = false;
        boolean k2Known = false;
        boolean down = false;
        boolean back = false;
        long nextHeapSample = startNanos + total / 5;
        long heapAtStart = -1;
        while (System.nanoTime() - startNanos < total && requests.get() < MAX_REQUESTS) {
            double phase = (System.nanoTime() - startNanos) / (double) total;
            if (!rotated && phase >= 0.2) {
                provider.serve("/jwks", TestKeys.jwks(K1, K2));
                rotated = true;
            }
            if (rotated && !k2Known && verifier.verify(validK2.get(0)).isValid()) {
                k2Known = true;
            }
            if (!down && phase >= 0.5) {
                provider.stop();
                down = true;
            }
            if (down && !back && phase >= 0.75) {
                provider.restart();
                back = true;
            }
            if (System.nanoTime() >= nextHeapSample) {
                long used = usedHeapAfterGc();
                if (heapAtStart < 0) {
                    heapAtStart = used;
                }
                heap.add(used);
                nextHeapSample = System.nanoTime() + total / 20;
            }
            Kind kind = pick(k2Known);
            List<String> pool = switch (kind) {
                case VALID_K1 -> validK1;
                case VALID_K2 -> validK2;
                case FORGED -> forged;
                case EXPIRED -> expired;
                case REVOKED -> revoked;
            };
            String token = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
            permits.acquire();
            requests.incrementAndGet();
            HttpRequest request = jetty.request("/api/soak")
                    .header("Authorization", "Bearer " + token).GET().build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        try {
                            if (failure != null) {
                                transportErrors.incrementAndGet();
                                firstSurprise.compareAndSet(null, kind + ": " + failure);
                            } else {
                                classify(kind, response.statusCode());
                            }
                        } finally {
                            permits.release();
                        }
                    });
        }
        permits.acquire(CONCURRENCY);
        long heapAtEnd = usedHeapAfterGc();
        heap.add(heapAtEnd);
        executor.shutdown();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("soak: seconds=%.1f requests=%d (%.0f/s) valid-admitted=%d admitted-forged=%d"
                + " admitted-expired=%d admitted-revoked=%d valid-refused=%d status-500=%d"
                + " transport-errors=%d servlet-calls=%d k2-known=%b heap-start=%.1fMiB"
                + " heap-end=%.1fMiB heap-samples=%s%n",
                elapsed, requests.get(), requests.get() / elapsed, validAdmitted.get(),
                admittedForged.get(), admittedExpired.get(), admittedRevoked.get(),
                validRefused.get(), status500.get(), transportErrors.get(), jetty.servletCalls(),
                k2Known, heapAtStart / 1048576.0, heapAtEnd / 1048576.0,
                heap.stream().map(b -> b / 1048576).toList());

        String surprise = "first surprise: " + firstSurprise.get();
        assertEquals(0, admittedForged.get(), surprise);
        assertEquals(0, admittedExpired.get(), surprise);
        assertEquals(0, admittedRevoked.get(), surprise);
        assertEquals(0, validRefused.get(), surprise);
        assertEquals(0, status500.get(), surprise);
        assertEquals(0, transportErrors.get(), surprise);
        assertEquals(validAdmitted.get(), jetty.servletCalls(), "only valid tokens reach the servlet");
        assertTrue(k2Known, "the rotated key was picked up");
        // No upward trend after warm-up: the mean of the last third of the samples may exceed
        // the mean of the first third by at most 50 % plus 32 MiB (GC noise on a shared machine).
        int third = Math.max(1, heap.size() / 3);
        double first = heap.subList(0, third).stream().mapToLong(Long::longValue).average().orElse(0);
        double last = heap.subList(heap.size() - third, heap.size()).stream()
                .mapToLong(Long::longValue).average().orElse(0);
        assertTrue(last <= first * 1.5 + 32 * 1048576.0,
                "heap grew after warm-up: " + first / 1048576 + " MiB -> " + last / 1048576 + " MiB");
    }

    private void classify(Kind kind, int status) {
        if (status >= 500 && status != 503) {
            status500.incrementAndGet();
        }
        if (status == 500) {
            firstSurprise.compareAndSet(null, kind + ": 500");
        }
        boolean admitted = status == 200;
        switch (kind) {
            case VALID_K1, VALID_K2 -> {
                if (admitted) {
                    validAdmitted.incrementAndGet();
                } else {
                    validRefused.incrementAndGet();
                    firstSurprise.compareAndSet(null, kind + " refused with " + status);
                }
            }
            case FORGED -> count(admitted, admittedForged, kind);
            case EXPIRED -> count(admitted, admittedExpired, kind);
            case REVOKED -> count(admitted, admittedRevoked, kind);
            default -> throw new IllegalStateException();
        }
    }

    private void count(boolean admitted, AtomicLong counter, Kind kind) {
        if (admitted) {
            counter.incrementAndGet();
            firstSurprise.compareAndSet(null, kind + " admitted");
        }
    }

    private static Kind pick(boolean k2Known) {
        int roll = ThreadLocalRandom.current().nextInt(100);
        if (roll < 25) {
            return Kind.VALID_K1;
        }
        if (roll < 50) {
            return k2Known ? Kind.VALID_K2 : Kind.VALID_K1;
        }
        if (roll < 75) {
            return Kind.FORGED;
        }
        return roll < 88 ? Kind.EXPIRED : Kind.REVOKED;
    }

    private static String claims(String jti, Instant iat, long exp) {
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"" + jti + "\",\"aud\":\""
                + TestTokens.AUDIENCE + "\",\"iat\":" + iat.getEpochSecond() + ",\"exp\":" + exp
                + ",\"jti\":\"" + jti + "\"}";
    }

    private static List<String> mint(int n, java.util.function.IntFunction<String> maker) {
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(maker.apply(i));
        }
        return tokens;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
