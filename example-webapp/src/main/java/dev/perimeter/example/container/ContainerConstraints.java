package dev.perimeter.example.container;

import dev.perimeter.jwt.config.AuthenticationMode;
import dev.perimeter.jwt.servlet.ServletConfiguration;
import dev.perimeter.example.web.AdminOnlyServlet;
import dev.perimeter.example.web.ContainerCallerServlet;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.HttpMethodConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * In container mode, gives the container the rules that the filter's {@code public-paths} and
 * {@code rules} in {@code web.xml} state for filter mode, as each servlet's security
 * ({@link ServletRegistration.Dynamic#setServletSecurity}): the admin servlets and
 * {@code /metrics} need the role {@code admin}; login, refresh, the key set, health and the
 * static files need nothing; every other servlet (the API, logout, revocation, the error page
 * reached directly) needs a valid token ({@code **}); the 403 of a missing role is answered by
 * {@link ForbiddenPage}. {@code OPTIONS} is left out of every
 * constraint, so a CORS preflight is not refused. It declares the roles, and adds the servlets
 * that show the container's view of the caller ({@link ContainerCallerServlet},
 * {@link AdminOnlyServlet}). Called by the example's listener, declared in {@code web.xml}: only
 * such a listener may change the servlets' security. In filter mode it does nothing, so the
 * container applies no constraint there.
 */
public final class ContainerConstraints {

    /** Where {@link ContainerCallerServlet} answers. */
    public static final String CALLER_PATH = "/container/caller";
    /** Where {@link AdminOnlyServlet} answers. */
    public static final String ADMIN_PATH = "/container/admin";
    /** The roles the example's constraints and tokens use. */
    public static final String[] ROLES = {"admin", "user"};

    /** The servlets of {@code web.xml} that the filter's {@code rules} give to admins only. */
    private static final Set<String> ADMIN = Set.of("revoke-subject", "admin-users",
            "revoke-session", "admin-audit", "metrics");
    /**
     * The servlets that the filter's {@code public-paths} leave open; the containers' own
     * servlets ({@code default} serves {@code /}, {@code /index.html} and {@code /static/*}).
     */
    private static final Set<String> OPEN = Set.of("login", "refresh", "jwks", "health",
            "default", "jsp");
    private static final String ANY_AUTHENTICATED = "**";

    private static final Logger LOG = Logger.getLogger(ContainerConstraints.class.getName());

    private ContainerConstraints() {
    }

    /** Whether the application runs in container mode. */
    public static boolean containerMode(ServletContext context) {
        return ServletConfiguration.authenticationMode(context) == AuthenticationMode.CONTAINER;
    }

    /**
     * In container mode, declares the roles and constrains every servlet; nothing otherwise.
     *
     * @throws IllegalStateException when the container does not let a servlet's security be set
     */
    public static void applyIfContainerMode(ServletContext context) {
        if (!containerMode(context)) {
            return;
        }
        context.declareRoles(ROLES);
        context.addServlet("container-caller", ContainerCallerServlet.class).addMapping(CALLER_PATH);
        // @ServletSecurity on the class: the container reads it as the servlet is added.
        context.addServlet("container-admin", AdminOnlyServlet.class).addMapping(ADMIN_PATH);
        for (Map.Entry<String, ? extends ServletRegistration> servlet
                : context.getServletRegistrations().entrySet()) {
            String name = servlet.getKey();
            if (OPEN.contains(name) || name.equals("container-admin")) {
                continue;
            }
            if (!(servlet.getValue() instanceof ServletRegistration.Dynamic)) {
                throw new IllegalStateException("Perimeter example: container mode, but this"
                        + " container does not let the example set the security of servlet '"
                        + name + "'");
            }
            String role = ADMIN.contains(name) ? ROLES[0] : ANY_AUTHENTICATED;
            ((ServletRegistration.Dynamic) servlet.getValue()).setServletSecurity(
                    new ServletSecurityElement(new HttpConstraintElement(
                            TransportGuarantee.NONE, role),
                            List.of(new HttpMethodConstraintElement("OPTIONS"))));
        }
        LOG.info("Perimeter example: container mode; the container authorizes by the example's"
                + " constraints (admin: " + ADMIN + "; open: " + OPEN + "; any other servlet: a"
                + " valid token)");
    }
}
