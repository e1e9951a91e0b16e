package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An attacker sends tokens naming random kids, hoping to make the filter hammer the identity
 * provider (or stall every request behind refetches), while real users keep calling. The
 * cool-down runs on real time here. It is a minute, far longer than the flood takes even on a
 * loaded machine, so the assertion is on counts once the flood is over, not on how the fetches
 * fell into wall-clock windows: the flood's first unknown kid refetches, and every other one is
 * answered from that fetch (an earlier version let two callers that raced past the cool-down
 * check start two fetches, seen once as "2 fetches in 474 ms").
 */
class RemoteKeysFloodTest {

    private static final int FORGED = 1000;
    private static final int VALID = 500;
    private static final int THREADS = 16;

    @Test
    @Timeout(120)
    void randomKidsFromSixteenThreadsHitTheProviderAtMostOncePerCoolDownAndValidTokensAllPass()
            throws Exception {
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/jwks", TestKeys.jwks(RemoteKeysTest.K1));
            JwtConfig config = JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                    .jwks(provider.url("/jwks"))
                    .set("jwks-min-refetch", "60").set("jwks-timeout", "5").set("jwks-refresh", "600")
                    .allowHttpLoopbackKeys(true).build();
            try (Running filter = new Running(config)) {
                List<String[]> requests = interleaved(valid(), forged());
                int before = provider.requests("/jwks");

                Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
                List<Long> validMillis = Collections.synchronizedList(new ArrayList<>());
                ExecutorService callers = Executors.newFixedThreadPool(THREADS);
                long start = System.nanoTime();
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        int first = t;
                        running.add(callers.submit(() -> {
                            for (int i = first; i < requests.size(); i += THREADS) {
                                String[] request = requests.get(i);
                                long sent = System.nanoTime();
                                HttpResponse<String> response = filter.get(request[1]);
                                if (request[0].equals("valid")) {
                                    validMillis.add(RemoteKeysTest.millisSince(sent));
                                }
                                outcomes.computeIfAbsent(request[0] + " " + response.statusCode(),
                                        k -> new AtomicInteger()).incrementAndGet();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> caller : running) {
                        caller.get(100, TimeUnit.SECONDS);
                    }
                } finally {
                    callers.shutdownNow();
                }
                long elapsed = RemoteKeysTest.millisSince(start);
                // The refetch may still be on its way to the provider when the last caller was
                // answered (after jwks-timeout): wait for it, then for any stray second one.
                RemoteKeysTest.awaitRequests(provider, "/jwks", before + 1, java.time.Duration.ofSeconds(10));
                Thread.sleep(500);
                int received = provider.requests("/jwks") - before;
                // Fetch starts are at least a cool-down (60 s) apart, the first at once.
                long allowed = 1 + elapsed / 60_000;

                System.out.println("[RemoteKeysFloodTest] " + requests.size() + " requests from "
                        + THREADS + " threads in " + elapsed + " ms: " + outcomes + "; the provider"
                        + " received " + received + " requests, " + allowed + " allowed by the"
                        + " cool-down; valid requests took " + percentiles(validMillis));
                assertEquals(VALID, count(outcomes, "valid 200"), outcomes::toString);
                assertEquals(FORGED, count(outcomes, "forged 401"), outcomes::toString);
                assertEquals(VALID + FORGED, outcomes.values().stream().mapToInt(AtomicInteger::get).sum(),
                        outcomes::toString);
                assertTrue(received >= 1, "the first unknown kid refetches");
                assertTrue(received <= allowed, received + " fetches in " + elapsed + " ms");
                assertEquals(VALID, filter.jetty.servletCalls());
            }
        }
    }

    /** Tokens of real users: kid k1, signed with its key, each with its own jti. */
    private static List<String> valid() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            tokens.add(TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("user" + i, Instant.now(), "user")));
        }
        return tokens;
    }

    /** Tokens naming random kids with random signatures: never checked, the kid is unknown. */
    private static List<String> forged() {
        SecureRandom random = new SecureRandom();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < FORGED; i++) {
            byte[] signature = new byte[256];
            random.nextBytes(signature);
            tokens.add(TestTokens.signingInput(TestTokens.header("RS256", UUID.randomUUID().toString()),
                    TestTokens.claims("mallory", Instant.now(), "admin")) + "." + Base64Url.encode(signature));
        }
        return tokens;
    }

    /** {kind, token} pairs, forged and valid mixed, in random order. */
    private static List<String[]> interleaved(List<String> valid, List<String> forged) {
        List<String[]> requests = new ArrayList<>();
        valid.forEach(token -> requests.add(new String[] {"valid", token}));
        forged.forEach(token -> requests.add(new String[] {"forged", token}));
        Collections.shuffle(requests, new java.util.Random(42));
        return requests;
    }

    /** Median, 99th percentile and maximum, in milliseconds. */
    private static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "median " + sorted.get(sorted.size() / 2) + " ms, p99 "
                + sorted.get(sorted.size() * 99 / 100) + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
    }

    private static int count(Map<String, AtomicInteger> outcomes, String key) {
        AtomicInteger count = outcomes.get(key);
        return count == null ? 0 : count.get();
    }
}
