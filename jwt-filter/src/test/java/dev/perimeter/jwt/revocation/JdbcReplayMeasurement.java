package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Not part of the build's tests (the name does not end in Test): the time of one
 * {@link ReplayStore#firstUse} on the real PostgreSQL, one thread, a loop of
 * {@code -Dperimeter.measure.calls} (default 5000) first uses and as many replays, after
 * 500 calls of warm-up. Run with {@code mvn -B -q -pl jwt-filter test
 * -Dtest=JdbcReplayMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class JdbcReplayMeasurement {

    private static final int CALLS = Integer.getInteger("perimeter.measure.calls", 5000);

    @Test
    void firstUseOnPostgres() {
        String table = TestDatabases.uniqueName("perimeter_measure");
        RevocationSettings settings = new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        try (JdbcRevocationStore store = JdbcRevocationStore.builder(settings)
                .url(TestDatabases.POSTGRES).table(table).build()) {
            Eventually.within(Duration.ofSeconds(15), "ready", store::isReady);
            ReplayStore replays = store.replayStore();
            Instant expires = Instant.now().plusSeconds(600);
            for (int i = 0; i < 500; i++) {
                assertTrue(replays.firstUse(JdbcReplayStoreTest.key("warm-" + i), expires));
            }
            for (int round = 0; round < 3; round++) {
                long started = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    assertTrue(replays.firstUse(JdbcReplayStoreTest.key(round + "-" + i), expires));
                }
                long first = System.nanoTime() - started;
                started = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    assertFalse(replays.firstUse(JdbcReplayStoreTest.key(round + "-" + i), expires));
                }
                long replay = System.nanoTime() - started;
                System.out.printf("JdbcReplayMeasurement: PostgreSQL, %d calls: first use %.3f ms,"
                        + " replay (unique violation) %.3f ms per call%n", CALLS,
                        first / 1e6 / CALLS, replay / 1e6 / CALLS);
            }
        } finally {
            TestDatabases.execute("DROP TABLE IF EXISTS " + table + ", " + table + JdbcReplayTable.SUFFIX);
        }
    }
}
