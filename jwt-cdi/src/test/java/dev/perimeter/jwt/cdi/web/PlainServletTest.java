package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.cdi.JwtExceptionFilter;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** A plain servlet calling a protected bean, behind JwtFilter and JwtExceptionFilter. */
class PlainServletTest {

    @Test
    void aRefusalInsideABeanBecomesTheContractsAnswerRatherThanA500() throws Exception {
        try (JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(), new JwtFilter(Tokens.config()),
                context -> {
                    FilterHolder refusals = new FilterHolder(new JwtExceptionFilter(Tokens.REALM));
                    context.addFilter(refusals, "/*", EnumSet.of(DispatcherType.REQUEST));
                    context.addServlet(new ServletHolder(new AuditServlet()), "/audit");
                }, AuditLog.class)) {
            HttpResponse<String> allowed = jetty.get("/audit", Tokens.token("audrey", "auditor"));
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("entries", allowed.body());

            HttpResponse<String> refused = jetty.get("/audit", Tokens.token("alice", "user"));
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("Bearer realm=\"perimeter-test\", error=\"insufficient_scope\","
                    + " error_description=\"the token lacks the role this resource requires\","
                    + " scope=\"auditor\"",
                    refused.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals("{\"error\":\"insufficient_scope\",\"error_description\":\"the token lacks"
                    + " the role this resource requires\"}", refused.body());
        }
    }
}
