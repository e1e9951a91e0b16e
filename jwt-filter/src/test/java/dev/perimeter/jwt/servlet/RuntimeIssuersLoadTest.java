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
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issuer B added and removed over and over while client threads send valid tokens of the fixed
 * issuer A over loopback HTTP, bounded to about five seconds and a request budget: not one of A's
 * requests may be refused. Each cycle also checks B itself: admitted right after it is added,
 * refused right after it is removed; and a thread that sends B's tokens throughout sees only 200
 * (B trusted) or 401 (B not trusted), never a 5xx. The verified-token cache is off, so that every
 * request of A looks up its issuer and its key while the snapshot changes under it. The cycles
 * leave no key-fetch threads behind beyond the few that run-time issuers share.
 */
class RuntimeIssuersLoadTest {

    private static final int CLIENTS = 4;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int REQUEST_BUDGET = 100_000;

    @TempDir
    Path dir;
    private JwksServer provider;
    private Level registryLevel;
    private final Logger registryLog = Logger.getLogger(RuntimeIssuers.class.getName());

    @BeforeEach
    void start() throws Exception {
        registryLevel = registryLog.getLevel();
        registryLog.setLevel(Level.WARNING); // hundreds of add/remove lines would drown the report
        provider = JwksServer.start();
        provider.serve("/a/jwks", TestKeys.jwks(A1)).serve("/b/jwks", TestKeys.jwks(B1));
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
        registryLog.setLevel(registryLevel);
    }

    private JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(A).audience(TestTokens.AUDIENCE)
                .jwks(A + " " + provider.url("/a/jwks")).set("cache-size", "0")
                .set("jwks-timeout", "2").allowHttpLoopbackKeys(true);
    }

    @Test
    void anIssuerAddedAndRemovedInCodeUnderLoadNeverCostsAnotherIssuerARequest() throws Exception {
        TrustedIssuer tenantB = TrustedIssuer.withJwks(B, URI.create(provider.url("/b/jwks")));
        try (Running filter = new Running(config().build())) {
            RuntimeIssuers issuers = filter.perimeter().issuers();
            int threadsBefore = keyFetchThreads();
            Load load = new Load(filter);
            String tokenOfB = token(B, TestKeys.RSA_OTHER, "b1");
            while (System.nanoTime() < load.deadline) {
                issuers.add(tenantB);
                load.expectB(200, filter.get(tokenOfB));
                assertTrue(issuers.remove(B));
                load.expectB(401, filter.get(tokenOfB));
                load.cycles++;
            }
            load.finish("code API");
            assertTrue(load.cycles >= 10, "add/remove cycles: " + load.cycles);
            // The run-time issuers share their fetch threads: hundreds of cycles leave a few.
            int threadsAfter = keyFetchThreads();
            assertTrue(threadsAfter - threadsBefore <= 6, "key-fetch threads: " + threadsBefore
                    + " before, " + threadsAfter + " after " + load.cycles + " cycles");
        }
    }

    @Test
    void anIssuerAddedToAndDeletedFromTheFileUnderLoadNeverCostsAnotherIssuerARequest()
            throws Exception {
        Path file = dir.resolve("issuers.txt");
        write(file, "");
        try (Running filter = new Running(config().set("issuers-file", "file:" + file)
                .set("issuers-refresh", "1").build())) {
            RuntimeIssuers issuers = filter.perimeter().issuers();
            Load load = new Load(filter);
            String tokenOfB = token(B, TestKeys.RSA_OTHER, "b1");
            while (System.nanoTime() < load.deadline) {
                write(file, B + " " + provider.url("/b/jwks") + "\n");
                Eventually.within(Duration.ofSeconds(10), "B trusted", () -> issuers.isTrusted(B));
                load.expectB(200, filter.get(tokenOfB));
                write(file, "# no tenant\n");
                Eventually.within(Duration.ofSeconds(10), "B removed", () -> !issuers.isTrusted(B));
                load.expectB(401, filter.get(tokenOfB));
                load.cycles++;
            }
            load.finish("issuers-file");
            assertTrue(load.cycles >= 2, "add/remove cycles: " + load.cycles);
        }
    }

    private void write(Path file, String text) throws Exception {
        Path next = dir.resolve("issuers.next");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Live threads that fetch keys: those of A's key source, plus any a removed B left behind. */
    private static int keyFetchThreads() {
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

    /** The client threads: A's senders and one sender of B's token, until the deadline. */
    private static final class Load {
        final long deadline = System.nanoTime() + RUN_NANOS;
        final AtomicInteger budget = new AtomicInteger(REQUEST_BUDGET);
        final AtomicLong admittedA = new AtomicLong();
        final Map<Integer, AtomicLong> otherA = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> statusesB = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        final List<Future<?>> clients = new ArrayList<>();
        int cycles;
        int checkedB;

        Load(Running filter) {
            List<String> tokensOfA = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tokensOfA.add(token(A, TestKeys.RSA, "a1"));
            }
            String tokenOfB = token(B, TestKeys.RSA_OTHER, "b1");
            for (int c = 0; c < CLIENTS; c++) {
                int offset = c;
                clients.add(pool.submit(() -> {
                    for (int i = offset; System.nanoTime() < deadline
                            && budget.decrementAndGet() >= 0; i++) {
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
        }

        /** B's answer right after it was added (200) or removed (401). */
        void expectB(int status, HttpResponse<String> response) {
            assertEquals(status, response.statusCode(), response.body());
            checkedB++;
        }

        void finish(String how) throws Exception {
            pool.shutdown();
            for (Future<?> client : clients) {
                client.get(30, TimeUnit.SECONDS);
            }
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            System.out.printf("RuntimeIssuersLoadTest (%s): %d add/remove cycles of B; A: %d"
                    + " admitted, other statuses %s; B checked %d times right after a change, as"
                    + " expected; B's own client saw %s%n", how, cycles, admittedA.get(), otherA,
                    checkedB, statusesB);
            assertEquals(Map.of(), otherA, "A's requests that were not admitted");
            assertTrue(admittedA.get() > 200, "A's admitted requests: " + admittedA.get());
            for (Integer status : statusesB.keySet()) {
                assertTrue(status == 200 || status == 401, "B's client saw " + statusesB);
            }
        }
    }
}
