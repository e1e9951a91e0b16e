package dev.perimeter.example.container;

import dev.perimeter.jwt.config.AuthenticationMode;
import dev.perimeter.jwt.servlet.ServletConfiguration;
import dev.perimeter.example.web.AdminOnlyServlet;
import dev.perimeter.example.web.ContainerCallerServlet;
import dev.perimeter.example.web.ExampleServlets.Access;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.HttpMethodConstraintElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * In container mode, gives the container the rules that the filter's {@code public-paths} and
 * {@code rules} in {@code web.xml} state for filter mode, as each servlet's security
 * ({@link ServletRegistration.Dynamic#setServletSecurity}, with the {@link Access} that
 * {@code ExampleServlets} gives each): the admin servlets and {@code /metrics} need the role
 * {@code admin}; login, refresh, the key set, health and the static files (the container's
 * {@code default} servlet) need nothing; every other servlet (the API, logout, revocation, the
 * error page reached directly, and the container's own, such as Payara Micro's {@code /health/*}
 * and {@code /openapi}) needs a valid token ({@code **}). A path that only the default servlet
 * serves is open, so without a token it answers 404 where the filter answers 401. The 403 of a
 * missing role is answered by {@link ForbiddenPage}. {@code OPTIONS} is left out of every
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

    /** The containers' own servlets: {@code default} serves {@code /}, {@code /index.html} and {@code /static/*}. */
    private static final Set<String> CONTAINERS = Set.of("default", "jsp");
    private static final String ANY_AUTHENTICATED = "**";

    private static final Logger LOG = Logger.getLogger(ContainerConstraints.class.getName());

    private ContainerConstraints() {
    }

    /**
     * The security of a servlet: an open one is declared open too, so that its exact paths
     * outrank a constrained prefix (Payara Micro's {@code /health/*} would otherwise cover
     * {@code /health}).
     */
    private static ServletSecurityElement security(Access needed) {
        if (needed == Access.OPEN) {
            return new ServletSecurityElement();
        }
        String role = needed == Access.ADMIN ? ROLES[0] : ANY_AUTHENTICATED;
        return new ServletSecurityElement(new HttpConstraintElement(TransportGuarantee.NONE, role),
                List.of(new HttpMethodConstraintElement("OPTIONS")));
    }

    /** The Payara WAR's servlet of the EJB and Jakarta Security; absent from the Tomcat WAR. */
    private static final String PLATFORM_SERVLET = "dev.perimeter.example.payara.PlatformSecurityServlet";

    /** Adds {@code PlatformSecurityServlet} where its class is in the WAR (Payara's). */
    @SuppressWarnings("unchecked")
    private static void addPlatformServlet(ServletContext context) {
        Class<? extends Servlet> platform;
        try {
            platform = (Class<? extends Servlet>) Class.forName(PLATFORM_SERVLET, false,
                    ContainerConstraints.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        context.addServlet("container-platform", platform)
                .addMapping("/container/ejb", "/container/security");
    }

    /** Whether the application runs in container mode. */
    public static boolean containerMode(ServletContext context) {
        return ServletConfiguration.authenticationMode(context) == AuthenticationMode.CONTAINER;
    }

    /**
     * In container mode, declares the roles and constrains every servlet: the example's
     * {@code servlets} as each one's {@link Access} says, and any other (the JAX-RS
     * application's) to a valid token; nothing otherwise.
     *
     * @throws IllegalStateException when the container does not let a servlet's security be set
     */
    public static void applyIfContainerMode(ServletContext context,
            Map<ServletRegistration.Dynamic, Access> servlets) {
        if (!containerMode(context)) {
            return;
        }
        context.declareRoles(ROLES);
        Map<String, Access> access = new HashMap<>();
        servlets.forEach((servlet, needed) -> access.put(servlet.getName(), needed));
        access.put("container-caller", Access.TOKEN);
        context.addServlet("container-caller", ContainerCallerServlet.class).addMapping(CALLER_PATH);
        // @ServletSecurity on the class: the container reads it as the servlet is added.
        context.addServlet("container-admin", AdminOnlyServlet.class).addMapping(ADMIN_PATH);
        addPlatformServlet(context);
        for (Map.Entry<String, ? extends ServletRegistration> servlet
                : context.getServletRegistrations().entrySet()) {
            String name = servlet.getKey();
            Access needed = access.getOrDefault(name, Access.TOKEN);
            if (CONTAINERS.contains(name) || name.equals("container-admin")) {
                continue;
            }
            if (!(servlet.getValue() instanceof ServletRegistration.Dynamic)) {
                throw new IllegalStateException("Perimeter example: container mode, but this"
                        + " container does not let the example set the security of servlet '"
                        + name + "'");
            }
            ((ServletRegistration.Dynamic) servlet.getValue()).setServletSecurity(security(needed));
        }
        LOG.info("Perimeter example: container mode; the container authorizes by the example's"
                + " constraints: " + access + ", any other servlet TOKEN, OPTIONS unconstrained");
    }
}
