package dev.perimeter.example.container;

import dev.perimeter.example.FilterDefaults;
import dev.perimeter.example.web.AdminOnlyServlet;
import dev.perimeter.example.web.ContainerCallerServlet;
import dev.perimeter.jwt.config.AuthenticationMode;
import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.servlet.ServletConfiguration;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * In container mode, gives the container the access that the filter's {@code public-paths} and
 * {@code rules} in {@code web.xml} state for filter mode, as each servlet's security
 * ({@link ServletRegistration.Dynamic#setServletSecurity}, translated by {@link RuleTranslation}):
 * the admin servlets and {@code /metrics} need the role {@code admin}; login, refresh, the key
 * set, health and the error page need nothing; every other servlet (the API, logout, revocation,
 * and the container's own, such as Payara Micro's {@code /health/*} and
 * {@code /openapi}) needs a valid token ({@code **}). The container's {@code default} servlet
 * (the page and the static files) is left open, so a path that only it serves answers 404
 * without a token where the filter answers 401. The 403 of a missing role is answered by
 * {@link ForbiddenPage}. {@code OPTIONS} is left out of every constraint, so a CORS preflight is
 * not refused. It declares the roles, and adds the servlets that show the container's view of
 * the caller ({@link ContainerCallerServlet}, {@link AdminOnlyServlet}). Called by the example's
 * listener, declared in {@code web.xml}, after it added the servlets: only such a listener may
 * change the servlets' security. In filter mode it does nothing, so the container applies no
 * constraint there.
 */
public final class ContainerConstraints {

    /** Where {@link ContainerCallerServlet} answers. */
    public static final String CALLER_PATH = "/container/caller";
    /** Where {@link AdminOnlyServlet} answers. */
    public static final String ADMIN_PATH = "/container/admin";
    /** The roles the example's code asks about, besides those its rules name. */
    public static final String[] ROLES = {"admin", "user"};

    /** The containers' own servlets: {@code default} serves {@code /}, {@code /index.html} and {@code /static/*}. */
    private static final Set<String> CONTAINERS = Set.of("default", "jsp");
    /**
     * The error page's servlet, left open: Open Liberty authenticates and authorizes the error
     * dispatch itself, so a constrained error page would turn an anonymous 404 into a 401. It
     * answers only a JSON object naming a status.
     */
    private static final String ERROR_PAGE = "error";
    /** Its security is its class's {@code @ServletSecurity}. */
    private static final String ANNOTATED = "container-admin";

    private static final Logger LOG = Logger.getLogger(ContainerConstraints.class.getName());

    private ContainerConstraints() {
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
     * In container mode, adds the servlets of the container's view, declares the roles and
     * constrains every servlet as the filter's settings ask; nothing otherwise.
     *
     * @throws IllegalStateException when the container does not let a servlet's security be set,
     *         or the settings ask what one security per servlet cannot say
     */
    public static void applyIfContainerMode(ServletContext context) {
        if (!containerMode(context)) {
            return;
        }
        context.addServlet("container-caller", ContainerCallerServlet.class).addMapping(CALLER_PATH);
        // @ServletSecurity on the class: the container reads it as the servlet is added.
        context.addServlet(ANNOTATED, AdminOnlyServlet.class).addMapping(ADMIN_PATH);
        addPlatformServlet(context);

        FilterRegistration filter = context.getFilterRegistration(FilterDefaults.FILTER_NAME);
        Map<String, String> filterParameters = filter == null ? Map.of() : filter.getInitParameters();
        RuleTranslation translation = new RuleTranslation(
                ServletConfiguration.value(context, filterParameters, Parameters.PUBLIC_PATHS),
                ServletConfiguration.value(context, filterParameters, Parameters.RULES));
        Set<String> roles = new LinkedHashSet<>(List.of(ROLES));
        roles.addAll(translation.roles());
        context.declareRoles(roles.toArray(String[]::new));

        Map<String, ? extends ServletRegistration> servlets = context.getServletRegistrations();
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        servlets.forEach((name, servlet) -> mappings.put(name, List.copyOf(servlet.getMappings())));
        Set<String> constrained = new LinkedHashSet<>(servlets.keySet());
        constrained.removeAll(CONTAINERS);
        constrained.remove(ANNOTATED);
        constrained.remove(ERROR_PAGE);
        Map<String, RuleTranslation.Need> needs = translation.needs(mappings, constrained);
        for (String name : constrained) {
            ServletRegistration servlet = servlets.get(name);
            if (!(servlet instanceof ServletRegistration.Dynamic)) {
                throw new IllegalStateException("Perimeter example: container mode, but this"
                        + " container does not let the example set the security of servlet '"
                        + name + "'");
            }
            RuleTranslation.Need need = needs.getOrDefault(name, RuleTranslation.Need.TOKEN);
            needs.put(name, need);
            ((ServletRegistration.Dynamic) servlet).setServletSecurity(need.security());
        }
        LOG.info("Perimeter example: container mode; the filter's public-paths and rules became"
                + " the servlets' security: " + needs + "; OPTIONS unconstrained");
    }
}
