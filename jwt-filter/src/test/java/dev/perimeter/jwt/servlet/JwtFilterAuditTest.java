package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The filter's audit trail in real Jetty: one event per rejection with the error contract's
 * outcome and reason, the caller's address, method and path; {@code sub} and {@code jti} only
 * from tokens whose signature verified; never token text; the application's own events through
 * the published audit log.
 */
class JwtFilterAuditTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.startingNow();

    private JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).clock(clock)
                .publicPaths("/app/*")
                .rules("/admin/* = admin; /closed/* = deny")
                .cookie("access_token");
    }

    private static String token(String subject, Instant issuedAt, String... groups) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims(subject, issuedAt, groups));
    }

    /** The events recorded so far, oldest first, once the audit thread has delivered them. */
    private static List<AuditEvent> events(JwtFilter filter) throws InterruptedException {
        assertTrue(filter.perimeter().audit().flush(WAIT));
        List<AuditEvent> events = new ArrayList<>(filter.perimeter().audit().recent(1000));
        java.util.Collections.reverse(events);
        return events;
    }

    @Test
    void everyRejectionBecomesOneEventWithItsOutcomeReasonStatusAndRequest() throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            Instant now = clock.instant();
            String valid = token("alice", now, "user");
            String expiredClaims = TestTokens.claims("carol", now.minusSeconds(4000));
            String expired = TestTokens.rs256(TestTokens.header("RS256", "k1"), expiredClaims);
            String forged = TestTokens.sign(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("mallory", now), "SHA256withRSA",
                    TestKeys.RSA_OTHER.getPrivate());

            assertEquals(200, jetty.getWithBearer("/api/me", valid).statusCode());
            assertEquals(200, jetty.send(jetty.request("/app/open").GET().build()).statusCode());
            assertEquals(401, jetty.send(jetty.request("/api/me?secret=q").GET().build())
                    .statusCode());
            assertEquals(400, jetty.send(jetty.request("/api/me").header("Authorization", "Bearer ")
                    .GET().build()).statusCode());
            assertEquals(401, jetty.getWithBearer("/api/expired", expired).statusCode());
            assertEquals(401, jetty.getWithBearer("/api/forged", forged).statusCode());
            assertEquals(403, jetty.getWithBearer("/admin/panel", valid).statusCode());
            assertEquals(403, jetty.getWithBearer("/closed/x", valid).statusCode());
            assertEquals(403, jetty.send(jetty.request("/api/cookie")
                    .header("Cookie", "access_token=" + valid)
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());

            List<AuditEvent> events = events(filter);
            assertEquals(7, events.size(), "one per rejection, none for admitted or public: "
                    + events);
            for (AuditEvent event : events) {
                assertEquals(AuditEvent.Kind.REJECTED, event.kind());
                assertEquals("127.0.0.1", event.clientAddress());
                assertEquals(clock.instant(), event.time());
            }
            assertEvent(events.get(0), "unauthorized", "no_token", 401, "GET", "/api/me");
            assertNull(events.get(0).subject());
            assertEvent(events.get(1), "invalid_request", "invalid_request", 400, "GET", "/api/me");
            assertEvent(events.get(2), "invalid_token", "expired", 401, "GET", "/api/expired");
            assertEquals("carol", events.get(2).subject(), "an expired token's signature verified");
            assertEquals(TestTokens.jti(expiredClaims), events.get(2).tokenId());
            assertEvent(events.get(3), "invalid_token", "bad_signature", 401, "GET", "/api/forged");
            assertNull(events.get(3).subject(), "a forged token's claims are never repeated");
            assertNull(events.get(3).tokenId());
            assertEvent(events.get(4), "insufficient_scope", "missing_role", 403, "GET",
                    "/admin/panel");
            assertEquals("alice", events.get(4).subject());
            assertEquals("admin", events.get(4).details().get("required"));
            assertEvent(events.get(5), "access_denied", "denied", 403, "GET", "/closed/x");
            assertNull(events.get(5).subject(), "a deny rule reads no token");
            assertEvent(events.get(6), "csrf_failed", "csrf", 403, "POST", "/api/cookie");
        } finally {
            filter.destroy();
        }
    }

    private static void assertEvent(AuditEvent event, String outcome, String reason, int status,
            String method, String path) {
        assertEquals(outcome, event.outcome(), event.toString());
        assertEquals(reason, event.reason(), event.toString());
        assertEquals(status, event.status(), event.toString());
        assertEquals(method, event.method(), event.toString());
        assertEquals(path, event.path(), "the path without its query: " + event);
    }

    @Test
    void noAuditLineHoldsTokenTextAndEachIsValidJson() throws Exception {
        Instant now = clock.instant();
        String expired = token("carol", now.minusSeconds(4000));
        String forged = TestTokens.sign(TestTokens.header("RS256", "k1"),
                TestTokens.claims("mallory", now), "SHA256withRSA", TestKeys.RSA_OTHER.getPrivate());
        String valid = token("alice", now, "user");
        String garbage = "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln";
        List<String> tokens = List.of(expired, forged, valid, garbage);
        JwtFilter filter = new JwtFilter(config().build());
        try (LogRecorder log = LogRecorder.named(AuditLog.LOGGER_NAME);
                JettyHarness jetty = JettyHarness.withFilter(filter)) {
            for (String token : tokens) {
                jetty.getWithBearer("/api/me", token);
                jetty.getWithBearer("/admin/x", token);
                jetty.send(jetty.request("/api/c").header("Cookie", "access_token=" + token)
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
            }
            assertTrue(filter.perimeter().audit().flush(WAIT));
            List<String> lines = log.messages();
            assertEquals(11, lines.size(), String.join("\n", lines));
            for (String line : lines) {
                JsonNode parsed = JSON.readTree(line);
                assertEquals("rejected", parsed.get("event").asText());
                assertFalse(line.contains("Bearer"), line);
                for (String token : tokens) {
                    for (String segment : token.split("\\.")) {
                        assertFalse(line.contains(segment), "token text in " + line);
                    }
                }
            }
        } finally {
            filter.destroy();
        }
    }

    @Test
    void hostilePathsAreKeptEscapedAndBoundedWithoutTheirQuery() throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        try (LogRecorder log = LogRecorder.named(AuditLog.LOGGER_NAME);
                JettyHarness jetty = JettyHarness.withFilter(filter)) {
            String encoded = "/api/%22%7D%E2%80%A8%7B%22event%22%C3%A9?x=%22";
            String longPath = "/api/" + "a".repeat(3000);
            assertEquals(401, jetty.send(jetty.request(encoded).GET().build()).statusCode());
            assertEquals(401, jetty.send(jetty.request(longPath).GET().build()).statusCode());
            assertTrue(filter.perimeter().audit().flush(WAIT));
            List<String> lines = log.messages();
            assertEquals(2, lines.size());
            JsonNode first = JSON.readTree(lines.get(0));
            assertEquals("/api/%22%7D%E2%80%A8%7B%22event%22%C3%A9", first.get("path").asText(),
                    "as sent, not decoded, without the query");
            JsonNode second = JSON.readTree(lines.get(1));
            assertEquals(AuditEvent.MAX_PATH_LENGTH, second.get("path").asText().length());
            for (String line : lines) {
                assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
            }
        } finally {
            filter.destroy();
        }
    }

    @Test
    void theApplicationRecordsIssuedRefreshedRevokedAndAlertEventsThroughThePublishedLog()
            throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        AtomicReference<String> problem = new AtomicReference<>();
        HttpServlet application = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                ServletContext context = request.getServletContext();
                Perimeter published = (Perimeter) context.getAttribute(
                        JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + "perimeter");
                if (published == null) {
                    problem.set("not published");
                    response.setStatus(500);
                    return;
                }
                AuditLog audit = published.audit();
                audit.record(AuditEvents.of(AuditEvent.Kind.ISSUED, request).subject("alice")
                        .tokenId("a-1").outcome("success").reason("login").build());
                audit.record(AuditEvents.of(AuditEvent.Kind.REFRESHED, request).subject("alice")
                        .tokenId("a-2").outcome("success").reason("refresh")
                        .detail("previous", "a-1").build());
                RevocationStore store = audit.auditing(published.revocationStore());
                store.revokeToken("a-2", Instant.now().plusSeconds(300));
                audit.record(AuditEvents.of(AuditEvent.Kind.ALERT, request).subject("alice")
                        .outcome("revoked").reason("refresh_token_reuse")
                        .detail("family", "f-9").build());
                response.setStatus(204);
            }
        };
        try (LogRecorder log = LogRecorder.named(AuditLog.LOGGER_NAME);
                JettyHarness jetty = JettyHarness.withFilterAndServlets(filter,
                        Map.of("/app/*", application))) {
            HttpResponse<String> answer = jetty.send(jetty.request("/app/login?user=alice")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(204, answer.statusCode(), problem.get());
            List<AuditEvent> events = events(filter);
            assertEquals(List.of(AuditEvent.Kind.ISSUED, AuditEvent.Kind.REFRESHED,
                    AuditEvent.Kind.REVOKED, AuditEvent.Kind.ALERT),
                    events.stream().map(AuditEvent::kind).toList());
            AuditEvent issued = events.get(0);
            assertEquals("alice", issued.subject());
            assertEquals("a-1", issued.tokenId());
            assertEquals("127.0.0.1", issued.clientAddress());
            assertEquals("POST", issued.method());
            assertEquals("/app/login", issued.path());
            assertEquals("a-1", events.get(1).details().get("previous"));
            assertEquals("a-2", events.get(2).tokenId());
            assertEquals("success", events.get(2).outcome());
            assertTrue(filter.perimeter().revocationStore().isRevoked("a-2", null, null));
            assertEquals("refresh_token_reuse", events.get(3).reason());
            assertEquals(1, log.messages(java.util.logging.Level.SEVERE).size(), "the alert");
            assertEquals(3, log.messages(java.util.logging.Level.INFO).size());
        } finally {
            filter.destroy();
        }
    }

    @Test
    void initPublishesTheAuditLogAndMetricsAndDestroyRemovesThemAndStopsTheAuditThread()
            throws Exception {
        long before = auditThreads();
        ServletContext context;
        JwtFilter filter;
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER, "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
                "audit-queue-size", "64", "audit-history-size", "3"))) {
            context = ((org.eclipse.jetty.ee10.servlet.ServletContextHandler) jetty.server()
                    .getHandler()).getServletContext();
            Perimeter published = (Perimeter) context.getAttribute(
                    JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + "perimeter");
            assertNotNull(published);
            AuditLog audit = published.audit();
            PerimeterMetrics metrics = published.metrics();
            filter = (JwtFilter) ((org.eclipse.jetty.ee10.servlet.ServletContextHandler) jetty
                    .server().getHandler()).getServletHandler().getFilter("perimeter").getFilter();
            assertSame(published, filter.perimeter());
            assertEquals(before + 1, auditThreads());
            for (int i = 0; i < 5; i++) {
                jetty.send(jetty.request("/api/" + i).GET().build());
            }
            assertTrue(audit.flush(WAIT));
            assertEquals(3, audit.recent(10).size(), "audit-history-size applies");
            assertEquals(5, metrics.rejected());
        }
        assertNull(context.getAttribute(JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + "perimeter"));
        assertTrue(filter.perimeter().audit().isClosed());
        Eventually.within(WAIT, "destroy() stopped the audit thread",
                () -> auditThreads() == before);
    }

    private static long auditThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && AuditLog.THREAD_NAME.equals(t.getName())).count();
    }
}
