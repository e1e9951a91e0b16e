package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login throttling over HTTP: five failures of a name from an address within fifteen minutes
 * refuse that name from that address with 429 and {@code Retry-After}, even with the right
 * password; other names are not affected; unknown names are counted alike.
 */
@Tag("webapp")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExampleLoginThrottleTest {

    @TempDir
    Path data;

    @Test
    void afterFiveFailuresEvenTheRightPasswordGets429WithRetryAfterForThatNameOnly() throws Exception {
        try (RunningExample app = RunningExample.start(data)) {
            for (int i = 1; i <= 5; i++) {
                assertEquals(401, login(app, "alice", "guess-" + i).statusCode(), "failure " + i);
            }
            HttpResponse<String> throttled = login(app, "alice", "alice-password");
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertEquals("too_many_attempts", json(throttled).get("error").asText());
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 840 && retryAfter <= 900, "Retry-After " + retryAfter);

            assertEquals(200, login(app, "admin", "admin-password").statusCode(), "another name");

            for (int i = 1; i <= 5; i++) {
                assertEquals(401, login(app, "mallory", "guess-" + i).statusCode());
            }
            assertEquals(429, login(app, "mallory", "guess-6").statusCode(), "unknown names too");
        }
    }

    private static HttpResponse<String> login(RunningExample app, String username, String password)
            throws Exception {
        return app.postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\"}", null);
    }
}
