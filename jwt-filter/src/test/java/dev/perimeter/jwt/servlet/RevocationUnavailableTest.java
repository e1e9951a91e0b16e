package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.revocation.SyncThreads;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node whose shared revocation store never answered refuses protected requests with 503
 * rather than admit a token it cannot check; public paths still pass; destroy() stops the
 * store's thread.
 */
class RevocationUnavailableTest {

    @Test
    void aStoreThatNeverSynchronizedMakesProtectedRequests503() throws Exception {
        long threadsBefore = syncThreads();
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
                "public-paths", "/open/*",
                // Nothing listens on port 1: the store can never synchronize.
                "revocation", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=x",
                "revocation-sync", "1"))) {
            assertEquals(threadsBefore + 1, syncThreads(), "the store runs its sync thread");
            String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("alice", Instant.now(), "user"));
            HttpResponse<String> refused = jetty.getWithBearer("/api/me", token);
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertTrue(refused.body().contains("revocation state is not available"), refused.body());
            assertFalse(refused.headers().firstValue("WWW-Authenticate").isPresent());
            assertEquals(200, jetty.send(jetty.request("/open/page").GET().build()).statusCode());
            assertEquals(1, jetty.servletCalls(), "only the public request reached the servlet");
        }
        Eventually.within(Duration.ofSeconds(20), "destroy() stopped the sync thread",
                () -> syncThreads() == threadsBefore);
    }

    private static long syncThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && SyncThreads.NAME.equals(t.getName())).count();
    }
}
