package dev.perimeter.example.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's servlets and their paths, added by the example's listener. They are added
 * in code rather than declared in {@code web.xml} so that, in container mode, the container
 * lets the example set their security ({@link ServletRegistration.Dynamic#setServletSecurity}
 * applies to servlets added in code only; Payara refuses it for declared ones). Each says what
 * the filter's {@code public-paths} and {@code rules} in {@code web.xml} require of its callers.
 * {@code /api/*} is the JAX-RS application {@code dev.perimeter.example.api.ExampleApi}
 * ({@code @ApplicationPath}).
 */
public final class ExampleServlets {

    /** What a servlet's callers need, as the filter's settings in {@code web.xml} say. */
    public enum Access {
        /** In the filter's {@code public-paths}. */
        OPEN,
        /** Any valid token. */
        TOKEN,
        /** The role {@code admin} ({@code rules}: {@code /admin/* = admin; /metrics = admin}). */
        ADMIN
    }

    private record Declared(String name, Class<? extends Servlet> type, Access access,
            List<String> patterns) {
    }

    private static final List<Declared> SERVLETS = List.of(
            // Loads at start-up, after the filter: checks that the filter accepts the tokens issued here.
            new Declared("login", LoginServlet.class, Access.OPEN, List.of("/auth/login")),
            new Declared("refresh", RefreshServlet.class, Access.OPEN, List.of("/auth/refresh")),
            new Declared("logout", LogoutServlet.class, Access.TOKEN, List.of("/auth/logout")),
            new Declared("revoke", RevocationServlet.class, Access.TOKEN, List.of("/auth/revoke")),
            new Declared("revoke-subject", SubjectRevocationServlet.class, Access.ADMIN,
                    List.of("/admin/subjects/*")),
            // /admin/users and /admin/users/{sub}/sessions
            new Declared("admin-users", AdminUsersServlet.class, Access.ADMIN, List.of("/admin/users/*")),
            new Declared("revoke-session", SessionRevocationServlet.class, Access.ADMIN,
                    List.of("/admin/sessions/*")),
            new Declared("admin-audit", AdminAuditServlet.class, Access.ADMIN, List.of("/admin/audit")),
            new Declared("metrics", MetricsServlet.class, Access.ADMIN, List.of("/metrics")),
            new Declared("health", HealthServlet.class, Access.OPEN, List.of("/health")),
            new Declared("jwks", JwksServlet.class, Access.OPEN, List.of("/.well-known/jwks.json")),
            // Reached by error dispatches (web.xml's <error-page>s); a request for it directly
            // needs a token.
            new Declared("error", ErrorServlet.class, Access.TOKEN, List.of("/error")));

    private ExampleServlets() {
    }

    /**
     * Adds the servlets to {@code context}; from a listener declared in {@code web.xml}.
     *
     * @return each added servlet's registration, with what its callers need
     */
    public static Map<ServletRegistration.Dynamic, Access> register(ServletContext context) {
        Map<ServletRegistration.Dynamic, Access> added = new LinkedHashMap<>();
        for (Declared servlet : SERVLETS) {
            ServletRegistration.Dynamic registration = context.addServlet(servlet.name(), servlet.type());
            registration.addMapping(servlet.patterns().toArray(String[]::new));
            if (servlet.type() == LoginServlet.class) {
                registration.setLoadOnStartup(1);
            }
            added.put(registration, servlet.access());
        }
        return added;
    }
}
