package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.cdi.beans.AdminService;
import dev.perimeter.jwt.cdi.beans.AuditObserver;
import dev.perimeter.jwt.testing.MutableClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/**
 * Audit events as CDI events in Weld SE: the interceptor's refusals, and a servlet filter's
 * audit log once {@link CdiMonitoringProvider} has joined it, reach {@code @Observes AuditEvent}
 * on the audit thread.
 */
@EnableWeld
class AuditCdiEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @WeldSetup
    WeldInitiator weld = TestWeld.initiator(AdminService.class, AuditObserver.class).build();

    @Inject
    AdminService admin;

    @Inject
    AuditObserver observer;

    @Inject
    PerimeterMonitor monitor;

    @Test
    void aCallWithoutTokenIsRefusedAndObservedAsARejectionOnTheAuditThread() throws Exception {
        assertThrows(NotAuthenticatedException.class, () -> admin.summary());
        assertTrue(monitor.auditLog().flush(WAIT));
        List<AuditEvent> events = observer.events();
        assertEquals(1, events.size());
        AuditEvent event = events.get(0);
        assertEquals(AuditEvent.Kind.REJECTED, event.kind());
        assertEquals("unauthorized", event.outcome());
        assertEquals("no_token", event.reason());
        assertEquals(401, event.status());
        assertEquals("interceptor", event.details().get("via"));
        assertEquals("AdminService.summary", event.details().get("call"));
        assertNull(event.subject());
        assertNull(event.clientAddress(), "no servlet request in SE");
        assertEquals(List.of(AuditLog.THREAD_NAME), observer.threads());
    }

    @Test
    void aTokenWithoutTheRoleOrADeniedMethodIsObservedWithTheCallersSubjectAndTokenId()
            throws Exception {
        Jwt alice = Tokens.jwt("alice", "user");
        assertThrows(AccessDeniedException.class, () -> RunAs.runAs(alice, admin::summary));
        assertThrows(AccessDeniedException.class, () -> RunAs.runAs(alice, admin::purge));
        assertEquals("up", admin.status());
        assertTrue(monitor.auditLog().flush(WAIT));
        List<AuditEvent> events = observer.events();
        assertEquals(2, events.size(), "allowed calls raise nothing");
        assertEquals("insufficient_scope", events.get(0).outcome());
        assertEquals("missing_role", events.get(0).reason());
        assertEquals(403, events.get(0).status());
        assertEquals("alice", events.get(0).subject());
        assertEquals(alice.id(), events.get(0).tokenId());
        assertEquals("access_denied", events.get(1).outcome());
        assertEquals("AdminService.purge", events.get(1).details().get("call"));
    }

    @Test
    void aFiltersAuditLogIsAdoptedAndItsEventsFiredUntilTheFilterGoes() throws Exception {
        AuditLog own = monitor.auditLog();
        try (AuditLog filters = new AuditLog(MutableClock.startingNow(), 100, 100)) {
            AutoCloseable attachment = new CdiMonitoringProvider().attach(filters, null, null);
            assertSame(filters, monitor.auditLog(), "jwt-cdi records into the filter's log");

            filters.record(AuditEvent.builder(AuditEvent.Kind.ALERT).reason("token_address_spread")
                    .subject("bob").build());
            assertThrows(NotAuthenticatedException.class, () -> admin.whoami());
            assertTrue(filters.flush(WAIT));
            List<AuditEvent> events = observer.events();
            assertEquals(2, events.size());
            assertEquals(AuditEvent.Kind.ALERT, events.get(0).kind());
            assertEquals("bob", events.get(0).subject());
            assertEquals("AdminService.whoami", events.get(1).details().get("call"));
            assertEquals(2, filters.recent(10).size(), "the refusal joined the filter's log");

            attachment.close();
            filters.record(AuditEvent.builder(AuditEvent.Kind.WARNING).build());
            assertTrue(filters.flush(WAIT));
            assertEquals(2, observer.events().size(), "detached: no longer fired");
            assertNotSame(filters, monitor.auditLog());
            assertSame(own, monitor.auditLog());
        }
    }
}
