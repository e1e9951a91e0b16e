package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.PostgresSchemas;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.SigningKeyFiles;
import dev.perimeter.it.support.TokenPair;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcat 11 nodes whose filters keep revocations in Redis
 * ({@code -Dperimeter.jwt.revocation=redis://…} in {@code CATALINA_OPTS}; the WAR carries
 * jwt-redis), with the application's database, signing key and {@code kid} given as environment
 * variables ({@code PERIMETER_EXAMPLE_*}), where credentials belong. The Redis keys under the
 * store's default prefix that these tests wrote are deleted afterwards, and nothing else.
 */
class SharedRedisNodesIT extends SharedStoreScenarios {

    /** The Redis every CI machine runs; {@code -Dperimeter.test.redis} for another. */
    static final String REDIS = System.getProperty("perimeter.test.redis", "redis://127.0.0.1:6379");
    /** The store's default key prefix (docs/operations.md). */
    static final String PREFIX = "perimeter:revocation:";

    private String applicationSchema;
    private Path signingKey;

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat11()) + "-x2-redis";
    }

    @Override
    void prepareShared() {
        applicationSchema = PostgresSchemas.create("redis_app");
        signingKey = SigningKeyFiles.writeRsa(Built.containers().resolve("keys/redis-signing-key.pem"));
    }

    @Override
    RunningNode startNode(int number) {
        Path directory = nodeDirectory(number);
        return TomcatNode.builder(Built.tomcat11(), Built.war(), directory)
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                .systemProperty("perimeter.example.issuer", ISSUER)
                .systemProperty("perimeter.jwt.revocation", REDIS)
                .environment("PERIMETER_EXAMPLE_DATABASE", PostgresSchemas.url(applicationSchema))
                .environment("PERIMETER_EXAMPLE_SIGNING_KEY", "file:" + signingKey)
                .environment("PERIMETER_EXAMPLE_SIGNING_KID", "srcit-" + storeName())
                .start();
    }

    @Override
    String storeName() {
        return "redis";
    }

    @Override
    String expectedStoreKind() {
        return "redis";
    }

    @Override
    Duration propagationLimit() {
        return Duration.ofSeconds(2); // revocation-sync's default; Redis pushes in milliseconds
    }

    @Override
    void cleanUp() {
        try {
            List<String> keys = new ArrayList<>();
            for (String token : issuedAccessTokens()) {
                keys.add(PREFIX + "t:" + JWT.decode(token).getId());
            }
            keys.add(PREFIX + "s:alice"); // the cutoff of the subject revocation scenario
            RedisClient client = RedisClient.create(REDIS);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().del(keys.toArray(String[]::new));
            } finally {
                client.shutdown();
            }
        } finally {
            PostgresSchemas.drop(applicationSchema);
        }
    }

    @Test
    @Scenario("redis-keys")
    void aLogoutLeavesAnExpiringKeyInRedis() {
        TokenPair alice = two.login("alice", "alice-password");
        assertEquals(204, two.post("/auth/logout", alice.access()).statusCode());
        String key = PREFIX + "t:" + JWT.decode(alice.access()).getId();
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long ttl = connection.sync().ttl(key);
            assertTrue(ttl > 0 && ttl <= 300 + 60, "the key " + key + " expires with the token: " + ttl);
        } finally {
            client.shutdown();
        }
    }
}
