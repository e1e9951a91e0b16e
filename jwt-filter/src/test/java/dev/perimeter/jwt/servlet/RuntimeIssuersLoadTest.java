package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.RuntimeIssuersFilterTest.A;
import static dev.perimeter.jwt.servlet.RuntimeIssuersFilterTest.A1;
import static dev.perimeter.jwt.servlet.RuntimeIssuersFilterTest.B;
import static dev.perimeter.jwt.servlet.RuntimeIssuersFilterTest.B1;
import static dev.perimeter.jwt.servlet.RuntimeIssuersFilterTest.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.issuers.RuntimeIssuers;
import dev.perimeter.jwt.issuers.TrustedIssuer;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issuer B added and removed over and over while client threads send valid tokens of the fixed
 * issuer A over loopback HTTP, bounded to about five seconds and a request budget: not one of A's
 * requests may be refused. Each cycle also checks B itself: admitted right after it is added,
 * refused right after it is removed; and a thread that sends B's tokens throughout sees only 200
 * (B trusted) or 401 (B not trusted), never a 5xx. The verified-token cache is off, so that every
 * request of A looks up its issuer and its key while the snapshot changes under it.
 */
class RuntimeIssuersLoadTest {

    private static final int CLIENTS = 4;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int REQUEST_BUDGET = 100_000;

    @Test
    void anIssuerAddedAndRemovedUnderLoadNeverCostsAnotherIssuerARequest() throws Exception {
        Logger registryLog = Logger.getLogger(RuntimeIssuers.class.getName());
        Level level = registryLog.getLevel();
        registryLog.setLevel(Level.WARNING); // hundreds of add/remove lines would drown the report
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/a/jwks", TestKeys.jwks(A1)).serve("/b/jwks", TestKeys.jwks(B1));
            JwtConfig config = JwtConfig.builder().issuer(A).audience(TestTokens.AUDIENCE)
                    .jwks(A + " " + provider.url("/a/jwks")).set("cache-size", "0")
                    .set("jwks-timeout", "2").allowHttpLoopbackKeys(true).build();
            try (Running filter = new Running(config)) {
                run(filter, TrustedIssuer.withJwks(B, URI.create(provider.url("/b/jwks"))));
            }
        } finally {
            registryLog.setLevel(level);
        }
    }

    private void run(Running filter, TrustedIssuer tenantB) throws Exception {
        RuntimeIssuers issuers = filter.perimeter().issuers();
        List<String> tokensOfA = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokensOfA.add(token(A, TestKeys.RSA, "a1"));
        }
        String tokenOfB = token(B, TestKeys.RSA_OTHER, "b1");
        AtomicInteger budget = new AtomicInteger(REQUEST_BUDGET);
        long deadline = System.nanoTime() + RUN_NANOS;
        AtomicLong admittedA = new AtomicLong();
        Map<Integer, AtomicLong> otherA = new ConcurrentHashMap<>();
        Map<Integer, AtomicLong> statusesB = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int offset = c;
            clients.add(pool.submit(() -> {
                for (int i = offset; System.nanoTime() < deadline && budget.decrementAndGet() >= 0; i++) {
                    int status = filter.get(tokensOfA.get(i % tokensOfA.size())).statusCode();
                    if (status == 200) {
                        admittedA.incrementAndGet();
                    } else {
                        otherA.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        clients.add(pool.submit(() -> {
            while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                int status = filter.get(tokenOfB).statusCode();
                statusesB.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            }
            return null;
        }));
        int cycles = 0;
        int bAdmittedWhilePresent = 0;
        int bRefusedWhileAbsent = 0;
        while (System.nanoTime() < deadline) {
            issuers.add(tenantB);
            HttpResponse<String> present = filter.get(tokenOfB);
            assertEquals(200, present.statusCode(), present.body());
            bAdmittedWhilePresent++;
            assertTrue(issuers.remove(B));
            HttpResponse<String> absent = filter.get(tokenOfB);
            assertEquals(401, absent.statusCode(), absent.body());
            bRefusedWhileAbsent++;
            cycles++;
        }
        pool.shutdown();
        for (Future<?> client : clients) {
            client.get(30, TimeUnit.SECONDS);
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        System.out.printf("RuntimeIssuersLoadTest: %d add/remove cycles of B; A: %d admitted, other"
                + " statuses %s; B checked %d times admitted while present, %d times refused while"
                + " absent; B's client thread saw %s%n", cycles, admittedA.get(), otherA,
                bAdmittedWhilePresent, bRefusedWhileAbsent, statusesB);

        assertEquals(Map.of(), otherA, "A's requests that were not admitted");
        assertTrue(admittedA.get() > 200, "A's admitted requests: " + admittedA.get());
        assertTrue(cycles >= 20, "add/remove cycles: " + cycles);
        for (Integer status : statusesB.keySet()) {
            assertTrue(status == 200 || status == 401, "B's client saw " + statusesB);
        }
    }
}
