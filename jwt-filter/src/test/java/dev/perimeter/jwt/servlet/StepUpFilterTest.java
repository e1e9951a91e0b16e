package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertError;
import static dev.perimeter.jwt.servlet.Responses.challenge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9470 step-up in the servlet filter over real HTTP: a rule {@code = user; acr=mfa;
 * max-age=300} answers a token that falls short with 401 {@code insufficient_user_authentication}
 * and the exact challenge of section 3, the servlet never runs, metrics and audit name it; a token
 * that meets it is admitted; roles are decided first.
 */
class StepUpFilterTest {

    private static final String RULES = String.join("\n",
            "/api/payments/* = user; acr=mfa phr; max-age=300",
            "/api/recent/* = *; max-age=60",
            "/api/strong/* = *; acr=mfa",
            "/api/* = *");

    private final MutableClock clock = MutableClock.startingNow();
    private JwtFilter filter;
    private JettyHarness jetty;

    @BeforeEach
    void start() throws Exception {
        filter = new JwtFilter(JwtConfig.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .clock(clock).rules(RULES).set("realm", "shop").build());
        jetty = JettyHarness.withFilter(filter);
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        filter.destroy();
    }

    /** A token for alice (role user) issued now, with {@code extra} claims ({@code ,"acr":…}). */
    private String token(String extra, String... groups) {
        String claims = TestTokens.claims("alice", clock.instant(), groups.length == 0
                ? new String[] {"user"} : groups);
        return TestTokens.rs256(TestTokens.header("RS256", null),
                claims.substring(0, claims.length() - 1) + extra + "}");
    }

    private String authenticatedAgo(int seconds, String acr) {
        return ",\"acr\":\"" + acr + "\",\"auth_time\":" + (clock.instant().getEpochSecond() - seconds);
    }

    private List<AuditEvent> rejections() throws InterruptedException {
        assertTrue(filter.perimeter().audit().flush(Duration.ofSeconds(10)));
        List<AuditEvent> events = new ArrayList<>(filter.perimeter().audit()
                .recent(1000, e -> e.kind() == AuditEvent.Kind.REJECTED));
        Collections.reverse(events);
        return events;
    }

    @Test
    void aPasswordOnlyTokenGetsTheExactStepUpChallengeAndTheServletDoesNotRun() throws Exception {
        int before = jetty.servletCalls();
        HttpResponse<String> response = jetty.getWithBearer("/api/payments/42",
                token(authenticatedAgo(10, "pwd")));
        String description = assertError(response, 401, "insufficient_user_authentication");
        assertEquals("a stronger authentication is required", description);
        assertEquals("Bearer realm=\"shop\", error=\"insufficient_user_authentication\","
                + " error_description=\"a stronger authentication is required\","
                + " acr_values=\"mfa phr\", max_age=\"300\"", challenge(response));
        assertEquals("no-cache", response.headers().firstValue("Pragma").orElse(null));
        assertEquals(before, jetty.servletCalls(), "the servlet must not run");
        assertEquals(1, filter.perimeter().metrics()
                .requests(RequestOutcome.INSUFFICIENT_USER_AUTHENTICATION));
        List<AuditEvent> events = rejections();
        assertEquals(1, events.size(), events::toString);
        AuditEvent event = events.get(0);
        assertEquals("insufficient_user_authentication", event.outcome());
        assertEquals("step_up", event.reason());
        assertEquals(401, event.status());
        assertEquals("alice", event.subject());
        assertEquals("/api/payments/42", event.path());
        assertEquals("acr=mfa phr; max-age=300", event.details().get("required"));
    }

    @Test
    void anAcceptedAcrWithARecentAuthTimeIsAdmitted() throws Exception {
        assertAdmitted(jetty.getWithBearer("/api/payments/42", token(authenticatedAgo(299, "mfa"))),
                "alice");
        assertAdmitted(jetty.getWithBearer("/api/payments/42", token(authenticatedAgo(0, "phr"))),
                "alice");
        assertEquals(2, filter.perimeter().metrics().requests(RequestOutcome.ADMITTED));
        assertEquals(0, filter.perimeter().metrics()
                .requests(RequestOutcome.INSUFFICIENT_USER_AUTHENTICATION));
    }

    @Test
    void anOldLoginIsAskedForAFreshOneOnceMaxAgeAndLeewayHavePassed() throws Exception {
        // refreshed tokens, newly issued, that keep the login's auth_time
        assertAdmitted(jetty.getWithBearer("/api/payments/1", token(authenticatedAgo(330, "mfa"))),
                "alice"); // max-age 300 plus the default leeway of 30 s
        String token = token(authenticatedAgo(331, "mfa"));
        HttpResponse<String> response = jetty.getWithBearer("/api/payments/1", token);
        assertEquals("a more recent authentication is required",
                assertError(response, 401, "insufficient_user_authentication"));
        assertEquals("Bearer realm=\"shop\", error=\"insufficient_user_authentication\","
                + " error_description=\"a more recent authentication is required\","
                + " acr_values=\"mfa phr\", max_age=\"300\"", challenge(response));
        // the same token is still valid where no step-up is asked
        assertAdmitted(jetty.getWithBearer("/api/other", token), "alice");
    }

    @Test
    void aTokenWithoutAuthTimeFallsShortOfAMaxAge() throws Exception {
        HttpResponse<String> response = jetty.getWithBearer("/api/recent/x",
                token(",\"acr\":\"mfa\""));
        assertError(response, 401, "insufficient_user_authentication");
        assertEquals("Bearer realm=\"shop\", error=\"insufficient_user_authentication\","
                + " error_description=\"a more recent authentication is required\","
                + " max_age=\"60\"", challenge(response), "max_age alone: the rule names no acr");
    }

    @Test
    void anAcrOnlyRuleNamesOnlyAcrValues() throws Exception {
        HttpResponse<String> response = jetty.getWithBearer("/api/strong/x", token(""));
        assertError(response, 401, "insufficient_user_authentication");
        assertEquals("Bearer realm=\"shop\", error=\"insufficient_user_authentication\","
                + " error_description=\"a stronger authentication is required\","
                + " acr_values=\"mfa\"", challenge(response));
        assertAdmitted(jetty.getWithBearer("/api/strong/x", token(",\"acr\":\"mfa\"")), "alice");
    }

    @Test
    void aMissingRoleIsAnsweredFirstSinceAStrongerLoginWouldNotGiveIt() throws Exception {
        HttpResponse<String> response = jetty.getWithBearer("/api/payments/1",
                token(authenticatedAgo(0, "pwd"), "guest"));
        assertError(response, 403, "insufficient_scope");
        assertEquals(1, filter.perimeter().metrics().requests(RequestOutcome.INSUFFICIENT_SCOPE));
        assertEquals(0, filter.perimeter().metrics()
                .requests(RequestOutcome.INSUFFICIENT_USER_AUTHENTICATION));
    }

    @Test
    void anInvalidTokenIsStillInvalidTokenNotAStepUp() throws Exception {
        String expired = token(authenticatedAgo(0, "mfa"));
        clock.advance(Duration.ofSeconds(400)); // exp is 300 s after issue, plus 30 s leeway
        assertError(jetty.getWithBearer("/api/payments/1", expired), 401, "invalid_token");
        HttpResponse<String> none = jetty.send(jetty.request("/api/payments/1").GET().build());
        assertError(none, 401, "unauthorized");
        assertEquals(0, filter.perimeter().metrics()
                .requests(RequestOutcome.INSUFFICIENT_USER_AUTHENTICATION));
    }

    @Test
    void withResourceMetadataOnTheStepUpChallengeNamesItToo() throws Exception {
        JwtFilter named = new JwtFilter(JwtConfig.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .clock(clock).rules(RULES).set("resource", "https://api.example.test")
                .set("resource-metadata", "true").build());
        try (JettyHarness harness = JettyHarness.withFilter(named)) {
            HttpResponse<String> response = harness.getWithBearer("/api/payments/1",
                    token(authenticatedAgo(0, "pwd")));
            assertError(response, 401, "insufficient_user_authentication");
            assertEquals("Bearer error=\"insufficient_user_authentication\","
                    + " error_description=\"a stronger authentication is required\","
                    + " acr_values=\"mfa phr\", max_age=\"300\", resource_metadata="
                    + "\"https://api.example.test/.well-known/oauth-protected-resource\"",
                    challenge(response));
        } finally {
            named.destroy();
        }
    }
}
