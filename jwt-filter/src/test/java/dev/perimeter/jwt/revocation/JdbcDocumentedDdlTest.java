package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL in {@code docs/operations.md} is the store's own, and a table a DBA creates from it
 * (on H2 and on PostgreSQL) works with the store, which then creates nothing.
 */
class JdbcDocumentedDdlTest {

    private static final Path DOC = Path.of("..", "docs", "operations.md");
    private final RevocationSettings settings =
            new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    @Test
    void theDocumentedDdlIsWhatTheStoreRuns() throws IOException {
        List<String> documented = documentedStatements(JdbcRevocationStore.DEFAULT_TABLE);
        JdbcTable table = new JdbcTable(JdbcRevocationStore.DEFAULT_TABLE);
        List<String> own = new ArrayList<>(List.of(table.ddl()));
        own.addAll(List.of(new JdbcReplayTable(table).ddl()));
        assertEquals(own.size(), documented.size());
        for (int i = 0; i < own.size(); i++) {
            assertEquals(normalize(own.get(i)), normalize(documented.get(i)));
        }
    }

    @Test
    void aTableCreatedFromTheDocsWorksOnH2() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("dba").toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(url)) {
            run(connection, documentedStatements("revocations_by_dba"));
        }
        useIt(url, "revocations_by_dba");
    }

    @Test
    void aTableCreatedFromTheDocsWorksOnPostgres() throws Exception {
        String table = TestDatabases.uniqueName("perimeter_dba");
        try (Connection connection = TestDatabases.postgres()) {
            run(connection, documentedStatements(table));
        }
        try {
            useIt(TestDatabases.POSTGRES, table);
        } finally {
            TestDatabases.execute("DROP TABLE IF EXISTS " + table,
                    "DROP TABLE IF EXISTS " + table + JdbcReplayTable.SUFFIX);
        }
    }

    /** Two nodes on the tables made from the docs: revocations and one-time values work. */
    private void useIt(String url, String table) {
        try (JdbcRevocationStore a = JdbcRevocationStore.builder(settings).url(url).table(table).build();
                JdbcRevocationStore b = JdbcRevocationStore.builder(settings).url(url).table(table).build()) {
            Eventually.within(Duration.ofSeconds(15), "ready", () -> a.isReady() && b.isReady());
            a.revokeToken("dba-made", Instant.now().plusSeconds(60));
            Eventually.within(Duration.ofSeconds(3), "shared", () -> b.isRevoked("dba-made", null, null));
            String key = "kG1cYl3bHj2sC0fyo9t8SwYp8TzvD4mJ8Uq7nR5xWaE";
            assertTrue(a.replayStore().firstUse(key, Instant.now().plusSeconds(60)));
            assertFalse(b.replayStore().firstUse(key, Instant.now().plusSeconds(60)));
        }
    }

    private static void run(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The statements between the ddl markers, for {@code table}. */
    private static List<String> documentedStatements(String table) throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("<!-- ddl:start -->");
        int end = doc.indexOf("<!-- ddl:end -->");
        assertTrue(start >= 0 && end > start, "docs/operations.md marks its DDL");
        String block = doc.substring(start, end);
        block = block.substring(block.indexOf("```sql") + 6, block.lastIndexOf("```"));
        List<String> statements = new ArrayList<>();
        for (String sql : block.split(";")) {
            if (!sql.isBlank()) {
                statements.add(sql.trim().replace(JdbcRevocationStore.DEFAULT_TABLE, table));
            }
        }
        assertEquals(4, statements.size(), "table, index, replay table, its index");
        return statements;
    }

    private static String normalize(String sql) {
        return sql.trim().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
    }
}
