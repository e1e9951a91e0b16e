package dev.perimeter.example.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.List;

/**
 * The application's servlets and their paths, added by the example's listener. They are added
 * in code rather than declared in {@code web.xml} so that, in container mode, the container
 * lets the example set their security ({@link ServletRegistration.Dynamic#setServletSecurity}
 * applies to servlets added in code only; Payara refuses it for declared ones), which the
 * filter's {@code public-paths} and {@code rules} in {@code web.xml} decide, in both modes.
 * {@code /api/*} is the JAX-RS application {@code dev.perimeter.example.api.ExampleApi}
 * ({@code @ApplicationPath}).
 */
public final class ExampleServlets {

    private record Declared(String name, Class<? extends Servlet> type, List<String> patterns) {
    }

    private static final List<Declared> SERVLETS = List.of(
            // Loads at start-up, after the filter: checks that the filter accepts the tokens issued here.
            new Declared("login", LoginServlet.class, List.of("/auth/login")),
            new Declared("refresh", RefreshServlet.class, List.of("/auth/refresh")),
            new Declared("logout", LogoutServlet.class, List.of("/auth/logout")),
            new Declared("revoke", RevocationServlet.class, List.of("/auth/revoke")),
            new Declared("revoke-subject", SubjectRevocationServlet.class,
                    List.of("/admin/subjects/*")),
            // /admin/users and /admin/users/{sub}/sessions
            new Declared("admin-users", AdminUsersServlet.class, List.of("/admin/users/*")),
            new Declared("revoke-session", SessionRevocationServlet.class,
                    List.of("/admin/sessions/*")),
            new Declared("admin-audit", AdminAuditServlet.class, List.of("/admin/audit")),
            new Declared("metrics", MetricsServlet.class, List.of("/metrics")),
            new Declared("health", HealthServlet.class, List.of("/health")),
            new Declared("jwks", JwksServlet.class, List.of("/.well-known/jwks.json")),
            // Reached by error dispatches (web.xml's <error-page>s); a request for it directly
            // needs a token.
            new Declared("error", ErrorServlet.class, List.of("/error")));

    private ExampleServlets() {
    }

    /** Adds the servlets to {@code context}; from a listener declared in {@code web.xml}. */
    public static void register(ServletContext context) {
        for (Declared servlet : SERVLETS) {
            ServletRegistration.Dynamic registration = context.addServlet(servlet.name(), servlet.type());
            registration.addMapping(servlet.patterns().toArray(String[]::new));
            if (servlet.type() == LoginServlet.class) {
                registration.setLoadOnStartup(1);
            }
        }
    }
}
