package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.cdi.PerimeterMonitor;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.cdi.beans.AuditObserver;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * Audit events as CDI events in a web application (Weld, Jersey, Jetty): the servlet filter's
 * rejections and jwt-cdi's refusals reach {@code @Observes AuditEvent} with the client's address,
 * method and path; with only the JAX-RS filter, its refusals too, and its metrics count.
 */
class AuditEventsOverHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROOT = Tokens.token("root", "user", "admin");
    private static final String ALICE = Tokens.token("alice", "user");

    @Test
    void behindTheServletFilterItsRejectionsAndTheInterceptorsRefusalsAreObserved()
            throws Exception {
        JwtFilter filter = new JwtFilter(JwtConfig.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("realm", Tokens.REALM).build());
        try (JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(JwtFeature.behindServletFilter(Tokens.REALM)), filter,
                ReportsResource.class, AuditLog.class, AuditObserver.class)) {
            assertEquals(401, jetty.get("/api/reports/summary", null).statusCode());
            assertEquals(403, jetty.get("/api/reports/summary?page=2", ALICE).statusCode());
            assertEquals(200, jetty.get("/api/reports/summary", ROOT).statusCode());
            assertTrue(filter.perimeter().audit().flush(WAIT));

            List<AuditEvent> events = CDI.current().select(AuditObserver.class).get().events();
            assertEquals(2, events.size(), events.toString());
            AuditEvent byFilter = events.get(0);
            assertEquals("no_token", byFilter.reason());
            assertNull(byFilter.details().get("via"), "the servlet filter's own event");
            assertEquals("127.0.0.1", byFilter.clientAddress());
            AuditEvent byInterceptor = events.get(1);
            assertEquals("missing_role", byInterceptor.reason());
            // A resource method's annotations are checked by jwt-cdi's JAX-RS filter first.
            assertEquals("jax-rs", byInterceptor.details().get("via"));
            assertEquals("ReportsResource.summary", byInterceptor.details().get("call"));
            assertEquals("alice", byInterceptor.subject());
            assertEquals("127.0.0.1", byInterceptor.clientAddress());
            assertEquals("GET", byInterceptor.method());
            assertEquals("/api/reports/summary", byInterceptor.path());
            assertEquals(2, filter.perimeter().audit().recent(10).size(), "both in the filter's log");
            assertEquals(2, filter.perimeter().metrics().requests(RequestOutcome.ADMITTED),
                    "the filter admitted alice; jwt-cdi refused her afterwards");
        } finally {
            filter.destroy();
        }
    }

    @Test
    void withOnlyTheJaxRsFilterItsRefusalsAreObservedAndItsDecisionsCounted() throws Exception {
        Perimeter perimeter = Perimeter.start(Tokens.config());
        JwtFeature feature = JwtFeature.verifying(perimeter);
        try (perimeter; JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(feature), null, ReportsResource.class, AuditLog.class,
                AuditObserver.class)) {
            assertEquals(401, jetty.get("/api/reports/summary", ROOT + "x").statusCode());
            assertEquals(200, jetty.get("/api/reports/summary", ROOT).statusCode());
            assertEquals(401, jetty.get("/api/reports/summary", null).statusCode());
            PerimeterMonitor monitor = CDI.current().select(PerimeterMonitor.class).get();
            assertTrue(monitor.auditLog().flush(WAIT));

            List<AuditEvent> events = CDI.current().select(AuditObserver.class).get().events();
            assertEquals(2, events.size(), events.toString());
            AuditEvent byFilter = events.get(0);
            assertEquals("invalid_token", byFilter.outcome());
            assertEquals("jax-rs", byFilter.details().get("via"));
            assertEquals("127.0.0.1", byFilter.clientAddress());
            assertEquals("/api/reports/summary", byFilter.path());
            assertNull(byFilter.subject(), "the signature did not verify");
            assertEquals("no_token", events.get(1).reason());
            assertEquals("jax-rs", events.get(1).details().get("via"), "the resource method's check");

            PerimeterMetrics metrics = feature.metrics();
            assertEquals(1, metrics.requests(RequestOutcome.ADMITTED));
            assertEquals(1, metrics.rejected());
            assertEquals(1, metrics.requests(RequestOutcome.PASSED), "no token: passed on");
            assertEquals(2, metrics.validation().count());
        }
    }
}
