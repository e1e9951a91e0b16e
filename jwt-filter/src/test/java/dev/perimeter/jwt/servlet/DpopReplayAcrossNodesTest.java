package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.revocation.JdbcRevocationStore;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.testing.DpopReplayNodes;
import dev.perimeter.jwt.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A DPoP proof replayed to a second node is refused there within its window, through the JDBC
 * store's shared table on a real PostgreSQL.
 * (Redis: jwt-redis's {@code RedisDpopReplayAcrossNodesTest}.)
 */
class DpopReplayAcrossNodesTest {

    private final RevocationSettings settings = new RevocationSettings(Clock.systemUTC(),
            Duration.ofSeconds(30), Duration.ofSeconds(1));

    @Test
    void aProofUsedOnOneNodeIsRefusedOnTheOtherThroughPostgres() throws Exception {
        String table = TestDatabases.uniqueName("dpop_nodes");
        try (DpopReplayNodes nodes = new DpopReplayNodes(() -> JdbcRevocationStore.builder(settings)
                .url(TestDatabases.POSTGRES).table(table).build())) {
            nodes.aProofUsedOnOneNodeIsRefusedOnTheOther();
        } finally {
            TestDatabases.execute("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + table + "_replay");
        }
    }
}
