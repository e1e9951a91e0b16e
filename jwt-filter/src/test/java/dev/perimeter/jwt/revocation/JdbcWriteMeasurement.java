package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Not part of the build's tests (the name does not end in Test): revocations per second that
 * two writing nodes (each a store with its HikariCP pool of 4, written by 4 threads) achieve
 * on the real PostgreSQL for {@code -Dperimeter.measure.seconds} (default 10), and whether a
 * third node then enforces every one of them; and how long a node takes to be ready with a
 * million rows. Run with {@code mvn -B -q -pl jwt-filter -am test
 * -Dtest=JdbcWriteMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class JdbcWriteMeasurement {

    private static final int SECONDS = Integer.getInteger("perimeter.measure.seconds", 10);
    private static final int NODES = 2;
    private static final int THREADS_PER_NODE = 4;

    @Test
    void concurrentWritesPerSecond() throws Exception {
        String table = TestDatabases.uniqueName("perimeter_measure");
        RevocationSettings settings = new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        List<JdbcRevocationStore> stores = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE);
        try {
            for (int i = 0; i <= NODES; i++) {
                stores.add(JdbcRevocationStore.builder(settings).url(TestDatabases.POSTGRES).table(table)
                        .build());
            }
            for (JdbcRevocationStore store : stores) {
                Eventually.within(Duration.ofSeconds(15), "ready", store::isReady);
            }
            JdbcRevocationStore reader = stores.get(NODES);
            Instant exp = Instant.now().plusSeconds(3600);
            ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
            AtomicInteger sequence = new AtomicInteger();
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int node = 0; node < NODES; node++) {
                JdbcRevocationStore writer = stores.get(node);
                for (int t = 0; t < THREADS_PER_NODE; t++) {
                    running.add(threads.submit(() -> {
                        while (System.nanoTime() < end) {
                            String jti = "w-" + sequence.incrementAndGet();
                            writer.revokeToken(jti, exp);
                            written.add(jti);
                        }
                    }));
                }
            }
            for (Future<?> f : running) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = written.size();
            long caughtUp = System.nanoTime();
            Eventually.within(Duration.ofSeconds(60), "the reader has every write",
                    () -> reader.health().revokedTokens() >= total);
            System.out.printf("JdbcWriteMeasurement: %d writes by %d nodes x %d threads in %.1f s:"
                    + " %.0f writes/s; the reading node had all %.2f s after the last%n", total, NODES,
                    THREADS_PER_NODE, seconds, total / seconds, (System.nanoTime() - caughtUp) / 1e9);
            for (String jti : written) {
                assertTrue(reader.isRevoked(jti, null, null), jti);
            }
            assertEquals(total, reader.health().revokedTokens());
        } finally {
            threads.shutdownNow();
            stores.forEach(JdbcRevocationStore::close);
            TestDatabases.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_replay");
        }
    }

    @Test
    void startWithAMillionRows() {
        String table = TestDatabases.uniqueName("perimeter_measure");
        RevocationSettings settings = new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        try {
            try (JdbcRevocationStore creator = JdbcRevocationStore.builder(settings)
                    .url(TestDatabases.POSTGRES).table(table).build()) {
                Eventually.within(Duration.ofSeconds(15), "ready", creator::isReady);
            }
            long exp = Instant.now().plusSeconds(3600).toEpochMilli();
            TestDatabases.execute("INSERT INTO " + table + " (kind, target, instant_ms, created_ms)"
                    + " SELECT 'T', md5(i::text), " + exp + ", 0 FROM generate_series(1, 1000000) i");
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                try (JdbcRevocationStore store = JdbcRevocationStore.builder(settings)
                        .url(TestDatabases.POSTGRES).table(table).build()) {
                    Eventually.within(Duration.ofSeconds(120), "ready", store::isReady);
                    System.out.printf("JdbcWriteMeasurement: start with 1000000 rows, ready after %d ms%n",
                            (System.nanoTime() - start) / 1_000_000);
                    assertEquals(1_000_000, store.health().revokedTokens());
                }
            }
        } finally {
            TestDatabases.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_replay");
        }
    }
}
