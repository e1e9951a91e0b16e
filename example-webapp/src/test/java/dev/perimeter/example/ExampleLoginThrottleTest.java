package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login throttling over HTTP: five failures of a name from an address within fifteen minutes
 * refuse that name from that address with 429 and {@code Retry-After}, even with the right
 * password; other names are not affected; unknown names are counted alike. Twenty failures from
 * an address across names refuse every name from it (password spraying), and logins beyond the
 * concurrent password checks are refused at once; both audited.
 */
@Tag("webapp")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
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

    @Test
    void sprayingOnePasswordOverManyNamesFromOneAddressIsStoppedAfterTwentyAndAudited() throws Exception {
        try (RunningExample app = RunningExample.start(data)) {
            String admin = app.login("admin", "admin-password").access();
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> throttled = null;
            for (int i = 1; i <= 30; i++) {
                HttpResponse<String> response = login(app, "user" + i, "Winter2026!");
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    throttled = response;
                }
            }
            assertEquals(Collections.nCopies(20, 401), statuses.subList(0, 20), statuses.toString());
            assertEquals(Collections.nCopies(10, 429), statuses.subList(20, 30), statuses.toString());
            assertEquals("too_many_attempts", json(throttled).get("error").asText());
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 600 && retryAfter <= 900, "Retry-After " + retryAfter);
            assertEquals(429, login(app, "alice", "alice-password").statusCode(),
                    "every name from that address waits, even with the right password");
            assertEquals(200, app.get("/api/me", admin).statusCode(), "tokens issued before still work");

            JsonNode event = awaitEvent(app, admin, e -> "too_many_attempts".equals(e.path("reason").asText())
                    && "address".equals(e.path("details").path("limit").asText()));
            assertEquals(429, event.get("status").asInt());
            assertEquals("127.0.0.1", event.get("client").asText());
            assertTrue(event.path("sub").isMissingNode(), "no typed name in the trail");
        }
    }

    @Test
    void loginsBeyondTheConcurrentPasswordChecksAre429WithRetryAfterAndAudited() throws Exception {
        try (RunningExample app = RunningExample.start(data, Map.of("login-concurrency", "1"))) {
            String admin = app.login("admin", "admin-password").access();
            // Eight at once; each password check takes a core for hundreds of milliseconds, so
            // with one slot some find it taken, however loaded the machine (the more, the more so).
            List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch ready = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                String name = "racer" + i;
                logins.add(CompletableFuture.supplyAsync(() -> {
                    ready.countDown();
                    try {
                        ready.await();
                        return login(app, name, "wrong");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            try {
                for (CompletableFuture<HttpResponse<String>> login : logins) {
                    answers.add(login.get(2, TimeUnit.MINUTES));
                }
            } finally {
                threads.shutdownNow();
            }
            List<HttpResponse<String>> busy = answers.stream().filter(a -> a.statusCode() == 429).toList();
            assertTrue(answers.stream().allMatch(a -> a.statusCode() == 401 || a.statusCode() == 429),
                    answers.toString());
            assertFalse(busy.isEmpty(), "one slot, eight logins at once: some must be refused");
            assertTrue(answers.stream().anyMatch(a -> a.statusCode() == 401), "one got the slot");
            for (HttpResponse<String> refused : busy) {
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
                assertEquals("too_many_attempts", json(refused).get("error").asText());
            }
            awaitEvent(app, admin, e -> "too_many_attempts".equals(e.path("reason").asText())
                    && "busy".equals(e.path("details").path("limit").asText()));
        }
    }

    /** The newest audit event that {@code match} accepts, once delivered. */
    private static JsonNode awaitEvent(RunningExample app, String admin, Predicate<JsonNode> match)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> trail = app.get("/admin/audit?limit=1000", admin);
            assertEquals(200, trail.statusCode(), trail.body());
            for (JsonNode event : json(trail)) {
                if (match.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such event in " + trail.body());
            }
            Thread.sleep(50);
        }
    }

    private static HttpResponse<String> login(RunningExample app, String username, String password)
            throws Exception {
        return app.postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\"}", null);
    }
}
