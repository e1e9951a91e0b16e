package dev.perimeter.jwt.redis;

import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.testing.DpopReplayNodes;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A DPoP proof replayed to a second node is refused there within its window, through a real
 * Redis: two Jetty nodes, each with its own filter and its own store, one key prefix.
 */
class RedisDpopReplayAcrossNodesTest {

    @Test
    void aProofUsedOnOneNodeIsRefusedOnTheOtherThroughRedis() throws Exception {
        RevocationSettings settings = new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        String prefix = TestRedis.uniquePrefix();
        try (TestRedis admin = new TestRedis();
                DpopReplayNodes nodes = new DpopReplayNodes(() -> RedisRevocationStore
                        .builder(TestRedis.URI, settings).prefix(prefix).build())) {
            try {
                nodes.aProofUsedOnOneNodeIsRefusedOnTheOther();
            } finally {
                admin.deleteKeys(prefix);
            }
        }
    }
}
