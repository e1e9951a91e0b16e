package dev.perimeter.jwt.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code revocation=redis://…} in the filter's configuration finds this module's store. */
class RedisRevocationStoreProviderTest {

    private static JwtConfig.Builder config(String revocation) {
        return JwtConfig.builder()
                .issuer("https://issuer.test")
                .audience("perimeter-test")
                .secret("perimeter-test-secret-of-32-byte")
                .algorithms("HS256")
                .set("revocation", revocation)
                .set("revocation-sync", "1");
    }

    @Test
    void aRedisUriBuildsTheRedisStoreThroughServiceLoader() {
        try (TestRedis admin = new TestRedis()) {
            JwtConfig config = config(TestRedis.URI + "/0").build();
            try (Perimeter perimeter = Perimeter.start(config)) {
                RevocationStore store = perimeter.revocationStore();
                assertInstanceOf(RedisRevocationStore.class, store);
                Eventually.within(Duration.ofSeconds(15), "ready", store::isReady);
                assertTrue(perimeter.summary().contains("prefix " + RedisRevocationStore.DEFAULT_PREFIX),
                        perimeter.summary());
                assertTrue(config.warnings().stream().noneMatch(w -> w.contains("forgotten")));
                // The default prefix is shared with real deployments: write nothing there but
                // check that reads work.
                assertFalse(store.isRevoked("no-such-jti-" + Instant.now().toEpochMilli(), null, null));
                assertTrue(admin.redis().ping().equalsIgnoreCase("PONG"));
            }
        }
    }

    @Test
    void anInvalidRedisUriFailsTheStartNamingTheParameterWithoutItsPassword() {
        // The provider reads the rest of its URI when the store is set up, at the start
        ConfigException e = assertThrows(ConfigException.class, () -> Perimeter.start(
                config("redis://:topsecret@127.0.0.1:6379/not-a-database").build()));
        assertEquals("revocation", e.parameter());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }
}
