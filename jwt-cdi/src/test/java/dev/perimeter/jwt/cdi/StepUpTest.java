package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.cdi.beans.AuditObserver;
import dev.perimeter.jwt.cdi.beans.PaymentService;
import dev.perimeter.jwt.cdi.beans.RecentLoginService;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** {@link StepUp} (RFC 9470) enforced by the interceptor in Weld SE. */
@EnableWeld
class StepUpTest {

    @WeldSetup
    WeldInitiator weld = TestWeld.initiator(PaymentService.class, RecentLoginService.class,
            AuditObserver.class).build();

    @Inject
    PaymentService payments;
    @Inject
    RecentLoginService recent;
    @Inject
    AuditObserver observer;
    @Inject
    PerimeterMonitor monitor;

    /** Alice with {@code groups}, logged in {@code ago} seconds since with {@code acr}. */
    private static Jwt login(String acr, long ago, String... groups) {
        String claims = TestTokens.claims("alice", Instant.now(), groups);
        String extra = (acr == null ? "" : ",\"acr\":\"" + acr + "\"")
                + (ago < 0 ? "" : ",\"auth_time\":" + (Instant.now().getEpochSecond() - ago));
        return Tokens.verify(Tokens.tokenWithClaims(claims.substring(0, claims.length() - 1)
                + extra + "}"));
    }

    @Test
    void aStrongRecentLoginWithTheRoleIsAdmitted() throws Exception {
        assertEquals("paid", RunAs.runAs(login("mfa", 10, "user"), payments::pay));
        assertEquals("paid", RunAs.runAs(login("phr", 320, "user"), payments::pay),
                "300 s plus the 30 s leeway");
    }

    @Test
    void aPasswordLoginIsAskedToStepUpWithTheExactChallenge() {
        InsufficientAuthenticationException e = assertThrows(
                InsufficientAuthenticationException.class,
                () -> RunAs.runAs(login("pwd", 10, "user"), payments::pay));
        assertEquals(Set.of("mfa", "phr"), e.requirement().acrValues());
        assertEquals(Duration.ofSeconds(300), e.requirement().maxAge());
        BearerChallenge answer = e.answer("r");
        assertEquals(401, answer.status());
        assertEquals("Bearer realm=\"r\", error=\"insufficient_user_authentication\","
                + " error_description=\"a stronger authentication is required\","
                + " acr_values=\"mfa phr\", max_age=\"300\"", answer.challenge());
        assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":"
                + "\"a stronger authentication is required\"}", answer.body());
        assertEquals("no-store", answer.headers().get("Cache-Control"));
    }

    @Test
    void anOldOrUndatedLoginIsAskedForAFreshOne() {
        for (Jwt old : List.of(login("mfa", 340, "user"), login("mfa", -1, "user"))) {
            InsufficientAuthenticationException e = assertThrows(
                    InsufficientAuthenticationException.class, () -> RunAs.runAs(old, payments::pay));
            assertEquals("Bearer error=\"insufficient_user_authentication\","
                    + " error_description=\"a more recent authentication is required\","
                    + " acr_values=\"mfa phr\", max_age=\"300\"",
                    e.answer((String) null).challenge());
        }
    }

    @Test
    void theRoleIsCheckedFirstAndAMethodStepUpOverridesTheClassOne() throws Exception {
        assertThrows(AccessDeniedException.class, () -> RunAs.runAs(login("mfa", 0, "guest"),
                payments::pay));
        // the method's @StepUp(acr = "phr") replaces the class's: no max-age, only phr
        assertEquals("strong", RunAs.runAs(login("phr", 10_000, "user"), payments::strongOnly));
        InsufficientAuthenticationException e = assertThrows(
                InsufficientAuthenticationException.class,
                () -> RunAs.runAs(login("mfa", 0, "user"), payments::strongOnly));
        assertEquals("Bearer error=\"insufficient_user_authentication\","
                + " error_description=\"a stronger authentication is required\","
                + " acr_values=\"phr\"", e.answer((String) null).challenge());
        assertEquals("rates", payments.rates(), "@PermitAll ignores the class's step-up");
    }

    @Test
    void aStepUpAloneNeedsATokenAndARecentLogin() throws Exception {
        assertEquals("open", recent.open());
        assertThrows(NotAuthenticatedException.class, recent::changePassword);
        assertEquals("changed", RunAs.runAs(login(null, 5), recent::changePassword));
        InsufficientAuthenticationException e = assertThrows(
                InsufficientAuthenticationException.class,
                () -> RunAs.runAs(login("mfa", 100), recent::changePassword));
        assertEquals("Bearer error=\"insufficient_user_authentication\","
                + " error_description=\"a more recent authentication is required\","
                + " max_age=\"60\"", e.answer((String) null).challenge());
    }

    @Test
    void aStepUpRefusalIsAuditedAsStepUp() throws Exception {
        observer.clear();
        assertThrows(InsufficientAuthenticationException.class,
                () -> RunAs.runAs(login("pwd", 0, "user"), payments::pay));
        assertTrue(monitor.auditLog().flush(Duration.ofSeconds(10)));
        List<AuditEvent> events = observer.events();
        assertEquals(1, events.size(), events::toString);
        AuditEvent event = events.get(0);
        assertEquals("insufficient_user_authentication", event.outcome());
        assertEquals("step_up", event.reason());
        assertEquals(401, event.status());
        assertEquals("alice", event.subject());
        assertEquals("acr=mfa phr; max-age=300", event.details().get("required"));
        assertEquals("PaymentService.pay", event.details().get("call"));
    }
}
