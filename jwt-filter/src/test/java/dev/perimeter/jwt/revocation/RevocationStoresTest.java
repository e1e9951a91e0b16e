package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import javax.naming.Context;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The {@code revocation} parameter: every kind of value, and refusals that name it. */
class RevocationStoresTest {

    private static JwtConfig.Builder config(String revocation) {
        return JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .secret(TestKeys.SECRET_256)
                .algorithms("HS256")
                .set("revocation", revocation)
                .set("revocation-sync", "1");
    }

    @Test
    void memoryIsTheDefaultAndWarnsThatItForgets() {
        JwtConfig config = JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .secret(TestKeys.SECRET_256).algorithms("HS256").build();
        RevocationStore store = config.startRevocationStore();
        assertInstanceOf(MemoryRevocationStore.class, store);
        assertTrue(config.warnings().stream().anyMatch(w -> w.contains("forgotten on restart")));
        assertEquals(RevocationHealth.Status.LOCAL, store.health().status());
    }

    @Test
    void aJdbcUrlBuildsAJdbcStoreWhoseDescriptionHidesThePassword() {
        JwtConfig config = config("jdbc:h2:mem:stores-test;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=hunter2").build();
        try (Perimeter perimeter = Perimeter.start(config)) {
            RevocationStore store = perimeter.revocationStore();
            assertInstanceOf(JdbcRevocationStore.class, store);
            Eventually.within(Duration.ofSeconds(10), "ready", store::isReady);
            assertFalse(perimeter.summary().contains("hunter2"), perimeter.summary());
            assertTrue(perimeter.summary().contains("sync every 1 s"), perimeter.summary());
            assertTrue(config.warnings().stream().noneMatch(w -> w.contains("forgotten")));
        }
    }

    @Test
    void aJndiNameUsesTheContainersDataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:jndi-test;DB_CLOSE_DELAY=-1");
        TestNaming.BOUND.put("java:comp/env/jdbc/perimeter", dataSource);
        String before = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestNaming.class.getName());
        try (RevocationStore store = config("jndi:jdbc/perimeter").build().startRevocationStore()) {
            assertInstanceOf(JdbcRevocationStore.class, store);
            assertTrue(store.describe().startsWith("jndi:jdbc/perimeter"), store.describe());
            assertTrue(store.describe().contains("container DataSource"), store.describe());
            Eventually.within(Duration.ofSeconds(10), "ready", store::isReady);
            store.revokeToken("via-jndi", Instant.now().plusSeconds(60));
            assertTrue(store.isRevoked("via-jndi", null, null));

            ConfigException missing = assertThrows(ConfigException.class,
                    () -> config("jndi:jdbc/nothing-here").build());
            assertEquals("revocation", missing.parameter());
        } finally {
            TestNaming.BOUND.clear();
            if (before == null) {
                System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
            } else {
                System.setProperty(Context.INITIAL_CONTEXT_FACTORY, before);
            }
        }
    }

    @Test
    void aProviderOnTheClassPathIsFoundByServiceLoader() {
        RevocationStore store = config("test-store://somewhere").build().startRevocationStore();
        assertEquals("test store for test-store://somewhere (sync 1 s)", store.describe());
    }

    @Test
    void aClassNameInstantiatesThatProvider() {
        RevocationStore store = config(TestStoreProvider.class.getName()).build().startRevocationStore();
        assertEquals("test store for " + TestStoreProvider.class.getName() + " (sync 1 s)",
                store.describe());
    }

    @Test
    void unknownAndInvalidValuesFailNamingTheParameter() {
        assertRefused("mongodb://db:27017", "unknown store");
        assertRefused("redis://127.0.0.1:6379", "jwt-redis");
        assertRefused("java.lang.String", "does not implement");
        assertRefused("com.example.NoSuchProvider", "not found");
        assertRefused("jdbc:nosuchdriver://admin:topsecret@db/x?password=topsecret", "no JDBC driver");
        assertRefused("   ", "must not be empty");
    }

    private static void assertRefused(String value, String why) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(value).build(), value);
        assertEquals("revocation", e.parameter());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }
}
