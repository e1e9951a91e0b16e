package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.example.RunningExample.Pair;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.RawHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring in the example, over HTTP against the packaged WAR on embedded Jetty: every login,
 * refresh and revocation is one audit event in the filter's audit log, read back through
 * {@code GET /admin/audit} (the log's {@code recent()}) and the logger {@code dev.perimeter.audit};
 * refresh-token reuse raises an alert; no token text, password or typed user name is recorded;
 * {@code GET /metrics} shows the filter's metrics in the Prometheus format, to admins only.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleMonitoringTest {

    /** How long the audit thread may take to deliver an event: generous, it takes milliseconds. */
    private static final Duration DELIVERY = Duration.ofSeconds(10);

    @TempDir
    static Path data;
    static RunningExample app;
    static LogRecorder auditLines;
    static String admin;
    /** Every token text handed out in these tests; none may appear in the trail. */
    static final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        auditLines = LogRecorder.named("dev.perimeter.audit");
        app = RunningExample.start(data);
        admin = login("admin", "admin-password").access();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (auditLines != null) {
            auditLines.close();
        }
    }

    // --- the events ---

    @Test
    void aLoginIsAnIssuedEventWithTheTokensSubAndJtiAndTheClientMethodAndPath() throws Exception {
        Pair alice = login("alice", "alice-password");
        String jti = JWT.decode(alice.access()).getId();
        JsonNode issued = awaitEvent(e -> jti.equals(text(e, "jti")));
        assertEquals("issued", text(issued, "event"));
        assertEquals("success", text(issued, "outcome"));
        assertEquals("login", text(issued, "reason"));
        assertEquals("alice", text(issued, "sub"));
        assertEquals("127.0.0.1", text(issued, "client"));
        assertEquals("POST", text(issued, "method"));
        assertEquals("/auth/login", text(issued, "path"));
        assertTrue(Instant.parse(text(issued, "time")).isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void aFailedLoginIsRejectedInvalidGrantWithoutTheTypedNameOrPassword() throws Exception {
        String typedName = "typed-name-" + System.nanoTime();
        String typedPassword = "typed-password-" + System.nanoTime();
        Instant before = Instant.now().minusSeconds(1);
        assertEquals(401, app.postJson("/auth/login", "{\"username\":\"" + typedName
                + "\",\"password\":\"" + typedPassword + "\"}", null).statusCode());
        JsonNode rejected = awaitEvent(e -> "rejected".equals(text(e, "event"))
                && "/auth/login".equals(text(e, "path"))
                && !Instant.parse(text(e, "time")).isBefore(before));
        assertEquals("failure", text(rejected, "outcome"));
        assertEquals("invalid_grant", text(rejected, "reason"));
        assertEquals(401, rejected.get("status").asInt());
        assertNull(rejected.get("sub"), "the typed name is no verified subject");
        assertEquals("127.0.0.1", text(rejected, "client"));
        String trail = auditTrail();
        assertFalse(trail.contains(typedName), "the typed name is nowhere in the trail");
        assertFalse(trail.contains(typedPassword));
        assertFalse(String.join("\n", auditLines.messages()).contains(typedPassword));
    }

    @Test
    void aRefreshIsARefreshedEventWithTheNewJtiThePreviousOneAndTheFamily() throws Exception {
        Pair first = login("alice", "alice-password");
        JsonNode body = json(app.refresh(first.refresh()));
        String access = body.get("access_token").asText();
        tokens.add(access);
        tokens.add(body.get("refresh_token").asText());
        String newJti = JWT.decode(access).getId();
        JsonNode refreshed = awaitEvent(e -> newJti.equals(text(e, "jti")));
        assertEquals("refreshed", text(refreshed, "event"));
        assertEquals("success", text(refreshed, "outcome"));
        assertEquals("alice", text(refreshed, "sub"));
        assertEquals("/auth/refresh", text(refreshed, "path"));
        assertEquals(JWT.decode(first.access()).getId(), refreshed.get("details").get("previous").asText());
        assertTrue(refreshed.get("details").get("family").asText().matches("[A-Za-z0-9_-]{22}"),
                refreshed.toString());
    }

    @Test
    void reusingASpentRefreshTokenRaisesAnAlertWithTheFamilyAtSevere() throws Exception {
        Pair first = login("alice", "alice-password");
        JsonNode second = json(app.refresh(first.refresh()));
        tokens.add(second.get("access_token").asText());
        tokens.add(second.get("refresh_token").asText());
        String family = awaitEvent(e -> JWT.decode(second.get("access_token").asText()).getId()
                .equals(text(e, "jti"))).get("details").get("family").asText();

        assertEquals(401, app.refresh(first.refresh()).statusCode());
        JsonNode alert = awaitEvent(e -> "alert".equals(text(e, "event"))
                && e.has("details") && family.equals(e.get("details").path("family").asText()));
        assertEquals("refresh_token_reuse", text(alert, "reason"));
        assertEquals("revoked", text(alert, "outcome"));
        assertEquals("alice", text(alert, "sub"));
        assertEquals("/auth/refresh", text(alert, "path"));
        assertEquals(2, alert.get("details").get("access_tokens_revoked").asInt(),
                "both access tokens of the family");
        awaitLine(Level.SEVERE, "\"refresh_token_reuse\"");

        // The family is revoked now: a further refresh is an ordinary refusal, not another alert.
        assertEquals(401, app.refresh(second.get("refresh_token").asText()).statusCode());
        JsonNode rejected = awaitEvent(e -> "rejected".equals(text(e, "event"))
                && family.equals(e.path("details").path("family").asText()));
        assertEquals("invalid_grant", text(rejected, "reason"));
        assertEquals("revoked", rejected.get("details").get("refusal").asText());
    }

    @Test
    void logoutIsARevokedEventForTheCallersToken() throws Exception {
        Pair alice = login("alice", "alice-password");
        assertEquals(204, app.post("/auth/logout", alice.access()).statusCode());
        String jti = JWT.decode(alice.access()).getId();
        JsonNode revoked = awaitEvent(e -> "revoked".equals(text(e, "event"))
                && jti.equals(text(e, "jti")));
        assertEquals("logout", text(revoked, "reason"));
        assertEquals("success", text(revoked, "outcome"));
        assertEquals("alice", text(revoked, "sub"));
        assertEquals("POST", text(revoked, "method"));
        assertEquals("/auth/logout", text(revoked, "path"));
        assertEquals(1, revoked.get("details").get("access_tokens").asInt());
    }

    @Test
    void rfc7009RevocationsOfAnAccessAndARefreshTokenAreRevokedEventsAndARefusalIsRejected()
            throws Exception {
        Pair alice = login("alice", "alice-password");
        Pair other = login("alice", "alice-password");
        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", other.access()),
                alice.access()).statusCode());
        String otherJti = JWT.decode(other.access()).getId();
        JsonNode token = awaitEvent(e -> "revoked".equals(text(e, "event"))
                && otherJti.equals(text(e, "jti")));
        assertEquals("token", text(token, "reason"));
        assertEquals("alice", text(token, "sub"));
        assertEquals("alice", token.get("details").get("by").asText());
        assertEquals("/auth/revoke", text(token, "path"));

        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", other.refresh()),
                alice.access()).statusCode());
        JsonNode family = awaitEvent(e -> "revoked".equals(text(e, "event"))
                && "refresh_token".equals(text(e, "reason")));
        assertEquals("alice", text(family, "sub"));
        assertNull(family.get("jti"));
        assertTrue(family.get("details").get("family").asText().length() > 10, family.toString());

        assertEquals(403, app.postForm("/auth/revoke", Map.of("token", admin),
                alice.access()).statusCode());
        String aliceJti = JWT.decode(alice.access()).getId();
        JsonNode refused = awaitEvent(e -> "rejected".equals(text(e, "event"))
                && aliceJti.equals(text(e, "jti")));
        assertEquals("access_denied", text(refused, "outcome"));
        assertEquals("not_owner", text(refused, "reason"));
        assertEquals(403, refused.get("status").asInt());
    }

    @Test
    void anAdminsSessionAndSubjectRevocationsAreRevokedEventsNamingTheAdmin() throws Exception {
        login("alice", "alice-password");
        JsonNode sessions = json(app.get("/admin/users/alice/sessions", admin)).get("sessions");
        String id = sessions.get(0).get("id").asText();
        assertEquals(204, app.post("/admin/sessions/" + id + "/revoke", admin).statusCode());
        JsonNode session = awaitEvent(e -> "session".equals(text(e, "reason"))
                && id.equals(e.path("details").path("family").asText()));
        assertEquals("revoked", text(session, "event"));
        assertEquals("alice", text(session, "sub"));
        assertEquals("admin", session.get("details").get("by").asText());
        assertEquals("/admin/sessions/" + id + "/revoke", text(session, "path"));

        assertEquals(204, app.post("/admin/subjects/alice/revoke", admin).statusCode());
        JsonNode subject = awaitEvent(e -> "revoked".equals(text(e, "event"))
                && "subject".equals(text(e, "reason")) && "alice".equals(text(e, "sub")));
        assertEquals("admin", subject.get("details").get("by").asText());
        assertEquals("/admin/subjects/alice/revoke", text(subject, "path"));
    }

    @Test
    void theFiltersOwnRejectionsAreInTheSameTrail() throws Exception {
        assertEquals(401, app.get("/api/me", null).statusCode());
        JsonNode rejected = awaitEvent(e -> "rejected".equals(text(e, "event"))
                && "no_token".equals(text(e, "reason")) && "/api/me".equals(text(e, "path")));
        assertEquals("unauthorized", text(rejected, "outcome"));
        assertEquals(401, rejected.get("status").asInt());
    }

    @Test
    void noTokenTextReachesTheTrailOrItsLogLines() throws Exception {
        Pair alice = login("alice", "alice-password");
        JsonNode rotated = json(app.refresh(alice.refresh()));
        tokens.add(rotated.get("access_token").asText());
        tokens.add(rotated.get("refresh_token").asText());
        assertEquals(204, app.post("/auth/logout", rotated.get("access_token").asText()).statusCode());
        String jti = JWT.decode(rotated.get("access_token").asText()).getId();
        awaitEvent(e -> "logout".equals(text(e, "reason")) && jti.equals(text(e, "jti")));
        awaitLine(Level.INFO, jti);

        String trail = auditTrail();
        String lines = String.join("\n", auditLines.messages());
        assertTrue(lines.contains("\"event\":\"issued\""), "the logger got the events");
        for (String token : tokens) {
            String signature = token.contains(".") ? token.substring(token.lastIndexOf('.') + 1)
                    : token;
            assertFalse(trail.contains(signature), "token text in /admin/audit");
            assertFalse(lines.contains(signature), "token text in the audit log lines");
        }
    }

    @Test
    void aRequestToAnAnnotatedResourceIsVerifiedCountedAndAuditedOnce() throws Exception {
        // jwt-cdi's @Authenticated and @RolesAllowed sit behind the filter or the container's
        // module: they adopt the token the entry point verified, never verify or count it again.
        Pair alice = login("alice", "alice-password");
        String first = app.get("/metrics", admin).body();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, app.get("/api/me", alice.access()).statusCode());
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> refused = app.get("/api/admin/ping", alice.access());
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("insufficient_scope", json(refused).get("error").asText());
        }
        String second = app.get("/metrics", admin).body();
        // Five requests of alice and the second scrape: six tokens verified and admitted.
        assertEquals(6, metric(second, "perimeter_validation_seconds_count")
                - metric(first, "perimeter_validation_seconds_count"), second);
        assertEquals(6, requests(second, "admitted", "valid") - requests(first, "admitted", "valid"), second);
        String jti = JWT.decode(alice.access()).getId();
        awaitEvent(e -> jti.equals(text(e, "jti")) && "rejected".equals(text(e, "event")));
        long refusals = 0;
        for (JsonNode event : json(app.get("/admin/audit?limit=1000", admin))) {
            if (jti.equals(text(event, "jti")) && "rejected".equals(text(event, "event"))) {
                refusals++;
            }
        }
        assertEquals(2, refusals, "one audit event per refused request:\n" + auditTrail());
    }

    private static double metric(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertTrue(line.find(), name + " in\n" + metrics);
        return Double.parseDouble(line.group(2));
    }

    // --- GET /admin/audit ---

    @Test
    void theAuditListIsForAdminsOnlyNewestFirstAndBoundedByLimit() throws Exception {
        Pair alice = login("alice", "alice-password");
        assertEquals(401, app.get("/admin/audit", null).statusCode());
        HttpResponse<String> byAlice = app.get("/admin/audit", alice.access());
        assertEquals(403, byAlice.statusCode());
        assertEquals("insufficient_scope", json(byAlice).get("error").asText());

        awaitEvent(e -> JWT.decode(alice.access()).getId().equals(text(e, "jti")));
        HttpResponse<String> all = app.get("/admin/audit?limit=1000", admin);
        assertEquals(200, all.statusCode());
        assertEquals("application/json", all.headers().firstValue("Content-Type").orElse("")
                .split(";")[0]);
        assertEquals("no-store", all.headers().firstValue("Cache-Control").orElse(null));
        JsonNode events = json(all);
        assertTrue(events.isArray() && events.size() >= 3, all.body());
        for (int i = 1; i < events.size(); i++) {
            assertFalse(Instant.parse(text(events.get(i - 1), "time"))
                    .isBefore(Instant.parse(text(events.get(i), "time"))), "newest first");
        }
        JsonNode one = json(app.get("/admin/audit?limit=1", admin));
        assertEquals(1, one.size());
        assertTrue(json(app.get("/admin/audit", admin)).size() <= 50, "50 by default");
        for (String bad : List.of("0", "1001", "-1", "ten", "99999")) {
            HttpResponse<String> refused = app.get("/admin/audit?limit=" + bad, admin);
            assertEquals(400, refused.statusCode(), bad);
            assertEquals("invalid_request", json(refused).get("error").asText());
        }
    }

    // --- the launcher's Jetty ---

    @Test
    void aTokenDifferingOnlyInTheCaseOfALetterIsRefusedOnTheConnectionThatCarriedTheValidOne()
            throws Exception {
        // Jetty's header cache, case-insensitive unless the launcher says otherwise, would hand
        // the filter the valid token cached from the first request.
        Pair alice = login("alice", "alice-password");
        List<String> flips = RawHttp.signatureCaseFlips(alice.access(), 4);
        List<String> sent = new ArrayList<>(List.of(alice.access(), alice.access()));
        sent.addAll(flips);
        List<Integer> expected = new ArrayList<>(List.of(200, 200));
        expected.addAll(Collections.nCopies(flips.size(), 401));
        assertEquals(expected, RawHttp.getOnOneConnection(app.uri("/").getPort(), "/api/me", sent));
    }

    // --- GET /metrics ---

    @Test
    void metricsAreForAdminsOnlyInThePrometheusFormatWithTheRequestsByOutcomeAndReason()
            throws Exception {
        Pair alice = login("alice", "alice-password");
        assertEquals(401, app.get("/metrics", null).statusCode());
        HttpResponse<String> byAlice = app.get("/metrics", alice.access());
        assertEquals(403, byAlice.statusCode());
        assertEquals("insufficient_scope", json(byAlice).get("error").asText());

        assertEquals(200, app.get("/api/me", alice.access()).statusCode());
        assertEquals(401, app.get("/api/me", null).statusCode());
        assertEquals(401, app.get("/api/me", "not-a-token").statusCode());
        assertEquals(401, app.get("/api/me", tamperedSignature(alice.access())).statusCode());

        HttpResponse<String> scrape = app.get("/metrics", admin);
        assertEquals(200, scrape.statusCode(), scrape.body());
        // Tomcat writes the parameters without the spaces: the same media type.
        assertEquals("text/plain;version=0.0.4;charset=utf-8",
                scrape.headers().firstValue("Content-Type").orElse("").toLowerCase().replace("; ", ";"));
        String metrics = scrape.body();
        assertTrue(requests(metrics, "admitted", "valid") >= 1, metrics);
        assertTrue(requests(metrics, "unauthorized", "no_token") >= 1, metrics);
        assertTrue(requests(metrics, "invalid_token", "malformed") >= 1, metrics);
        assertTrue(requests(metrics, "invalid_token", "bad_signature") >= 1, metrics);
        assertTrue(requests(metrics, "insufficient_scope", "missing_role") >= 1, metrics);
        assertEquals(0, requests(metrics, "invalid_token", "expired"), "registered with 0");
        for (String name : List.of("perimeter_validation_seconds_count",
                "perimeter_validation_buckets_total", "perimeter_cache_requests_total",
                "perimeter_keys_age_seconds", "perimeter_revocation_synchronized",
                "perimeter_revocation_lag_seconds", "perimeter_audit_events_total",
                "perimeter_audit_dropped_total")) {
            assertTrue(metrics.contains("\n" + name), name + " in\n" + metrics);
        }
        assertTrue(metrics.contains("# TYPE perimeter_requests_total counter"), metrics);
        assertTrue(Pattern.compile("(?m)^perimeter_revocation_synchronized 1(\\.0)?$")
                .matcher(metrics).find(), "the H2 store is synchronized:\n" + metrics);

        // Counted between scrapes: one more refusal shows in the next one.
        double before = requests(metrics, "unauthorized", "no_token");
        assertEquals(401, app.get("/api/me", null).statusCode());
        assertEquals(before + 1, requests(app.get("/metrics", admin).body(), "unauthorized",
                "no_token"));
    }

    // --- helpers ---

    private static Pair login(String user, String password) throws Exception {
        Pair pair = app.login(user, password);
        tokens.add(pair.access());
        tokens.add(pair.refresh());
        return pair;
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null ? null : value.asText();
    }

    private static String auditTrail() throws Exception {
        HttpResponse<String> response = app.get("/admin/audit?limit=1000", admin);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The newest event that {@code match} accepts, once the audit thread has delivered it. */
    private static JsonNode awaitEvent(Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (true) {
            for (JsonNode event : json(app.get("/admin/audit?limit=1000", admin))) {
                if (match.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such audit event within " + DELIVERY + ":\n"
                        + auditTrail());
            }
            Thread.sleep(20); // the audit thread delivers on its own; nothing to advance
        }
    }

    private static void awaitLine(Level level, String part) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (auditLines.messages(level).stream().noneMatch(line -> line.contains(part))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + level + " audit line with " + part + ":\n"
                        + auditLines.messages());
            }
            Thread.sleep(20);
        }
    }

    /** The value of {@code perimeter_requests_total} for an outcome and reason; 0 when absent. */
    private static double requests(String metrics, String outcome, String reason) {
        Matcher line = Pattern.compile("(?m)^perimeter_requests_total\\{([^}]*)\\} (\\S+)$")
                .matcher(metrics);
        while (line.find()) {
            String labels = line.group(1);
            if (labels.contains("outcome=\"" + outcome + "\"")
                    && labels.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    /** The token with one character of its signature changed: still well-formed, wrongly signed. */
    private static String tamperedSignature(String token) {
        int at = token.lastIndexOf('.') + 5;
        char changed = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + changed + token.substring(at + 1);
    }
}
