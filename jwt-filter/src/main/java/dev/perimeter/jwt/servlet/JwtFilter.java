package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.bearer.BearerAuthenticator;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.bearer.BearerRequest;
import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.config.AuthenticationMode;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.metadata.ResourceMetadata;
import dev.perimeter.jwt.metrics.JmxMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.runtime.Perimeter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * The Perimeter servlet filter: admits a request only with a valid, unexpired, unrevoked token
 * and, where an access rule asks, the right role. Configured from {@code web.xml} (see
 * {@code docs/configuration.md}) or given a {@link JwtConfig} in code. Everything is decided at
 * {@link #init}; nothing changes afterwards but the issuers trusted at run time
 * ({@code issuers-file}, {@link Perimeter#issuers()}).
 */
public class JwtFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(JwtFilter.class.getName());

    /**
     * Prefix of the servlet context attribute under which {@link #init} publishes this filter's
     * {@link Perimeter}; the attribute's full name is this prefix followed by the filter's name,
     * as in {@code PERIMETER_ATTRIBUTE_PREFIX + "perimeter"}. Through it an application reaches
     * what this filter runs without building a second one: above all its revocation store
     * ({@code perimeter.revocationStore()}), its audit log (to record its own events, read the
     * latest ones, add listeners) and its metrics (to export them, with the {@code
     * jwt-micrometer} binder, say). {@link #destroy} removes the attribute.
     */
    public static final String PERIMETER_ATTRIBUTE_PREFIX = JwtFilter.class.getName() + ".perimeter.";

    /**
     * The servlet context attribute under which the {@code jwt-authentication} module publishes
     * its {@link Perimeter} in container mode ({@code authentication=container}): the name a
     * filter called {@code perimeter} publishes under in filter mode, so code that reads it works
     * in both modes. A filter declared in an application in container mode steps aside.
     */
    public static final String CONTAINER_PERIMETER_ATTRIBUTE = PERIMETER_ATTRIBUTE_PREFIX + "perimeter";

    private JwtConfig config;
    // Read once at init from the immutable config: the request path does no lookups.
    private List<PathPattern> publicPaths;
    private List<AccessRule> rules;
    /** The RFC 9728 document this filter serves, or null when {@code resource-metadata} is off. */
    private ResourceMetadata metadata;
    private Perimeter perimeter;
    private BearerAuthenticator authenticator;
    private RequestMonitor monitor;
    private TokenAdmission admission;
    private JmxMetrics jmx;
    private final MonitoringProviders monitoringProviders = new MonitoringProviders(LOG);
    private ServletContext publishedIn;
    private String filterName;
    /** True when the container authenticates (container mode): every request passes untouched. */
    private boolean steppedAside;

    /** For {@code web.xml}: the configuration is read from parameters at {@link #init}. */
    public JwtFilter() {
    }

    /**
     * For programmatic registration with a configuration built in code; {@link #init} starts a
     * {@link Perimeter} from it and {@link #destroy} closes that (not a key source or store the
     * configuration was given in code).
     */
    public JwtFilter(JwtConfig config) {
        this.config = config;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        try {
            if (config == null) {
                config = configFrom(filterConfig);
            }
            if (containerAuthenticates(filterConfig)) {
                steppedAside = true;
                return;
            }
            perimeter = Perimeter.start(config);
        } catch (ConfigException e) {
            LOG.severe(e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        publicPaths = config.publicPaths();
        rules = config.rules();
        metadata = config.resourceMetadata();
        authenticator = perimeter.authenticator();
        admission = new TokenAdmission(perimeter);
        monitor = admission.monitor();
        publishedIn = filterConfig.getServletContext();
        filterName = filterConfig.getFilterName();
        jmx = JmxMetrics.register(perimeter.metrics(), publishedIn.getContextPath(), filterName);
        publishedIn.setAttribute(PERIMETER_ATTRIBUTE_PREFIX + filterName, perimeter);
        monitoringProviders.attach(perimeter, publishedIn);
        LOG.info("Perimeter JWT filter '" + filterConfig.getFilterName() + "' protects this"
                + " application: " + perimeter.summary());
    }

    /**
     * Whether the application is in container mode, where the {@code jwt-authentication} module
     * authenticates: then this filter steps aside rather than verify every token a second time.
     * Container mode is switched for the whole application (context-param, system property or
     * environment); when it is asked for but the module has not started, start-up fails.
     */
    private boolean containerAuthenticates(FilterConfig filterConfig) {
        ServletContext context = filterConfig.getServletContext();
        if (ServletConfiguration.authenticationMode(context) != AuthenticationMode.CONTAINER
                && config.get(Parameters.AUTHENTICATION) != AuthenticationMode.CONTAINER) {
            return false;
        }
        if (!(context.getAttribute(CONTAINER_PERIMETER_ATTRIBUTE) instanceof Perimeter)) {
            throw new ConfigException(Parameters.AUTHENTICATION.name(), "container mode is asked"
                    + " for, but the jwt-authentication module has not started in this"
                    + " application: deploy it and switch container mode on for the whole"
                    + " application (context-param " + Parameters.PROPERTY_PREFIX
                    + Parameters.AUTHENTICATION.name() + ", system property or environment), or"
                    + " set it to filter");
        }
        if (!config.rules().isEmpty() || !config.publicPaths().isEmpty()) {
            LOG.warning("Perimeter: JWT filter '" + filterConfig.getFilterName() + "': 'rules' and"
                    + " 'public-paths' are not applied by the filter in container mode; the"
                    + " container's security constraints authorize");
        }
        LOG.info("Perimeter JWT filter '" + filterConfig.getFilterName() + "' steps aside: the"
                + " container authenticates this application (authentication=container)");
        return true;
    }

    private static JwtConfig configFrom(FilterConfig filterConfig) {
        return ServletConfiguration.read(filterConfig.getServletContext(),
                ServletConfiguration.parameters(Collections.list(filterConfig.getInitParameterNames()),
                        filterConfig::getInitParameter));
    }

    /** The configuration in force (after {@link #init}). */
    public JwtConfig config() {
        return config;
    }

    /**
     * What this filter runs (after {@link #init}, until {@link #destroy}): its verifier,
     * revocation store, audit log and metrics; also a context attribute, see
     * {@link #PERIMETER_ATTRIBUTE_PREFIX}.
     */
    public Perimeter perimeter() {
        return perimeter;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (steppedAside || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = pathWithinApplication(request);
        BearerRequest view = new ServletBearerRequest(request);
        if (BearerAuthenticator.isCorsPreflight(view)) {
            // A preflight carries no token; it passes unless the request it announces is denied
            // outright, so a browser learns at once that the call will be refused.
            AccessRule announced = firstMatchingRule(BearerAuthenticator.announcedMethod(view), path);
            if (announced != null && announced.kind() == AccessRule.Kind.DENY) {
                monitor.rejected(request, RequestOutcome.DENIED);
                ChallengeWriter.write(response, BearerChallenge.denied());
                return;
            }
            monitor.passed();
            chain.doFilter(request, response);
            return;
        }
        if (metadata != null && metadata.isServedAt(path)) {
            // Public by definition (RFC 9728 section 3): a client reads it to learn how to get a token.
            monitor.passed();
            ResourceMetadataEndpoint.answer(metadata, request.getMethod(), response);
            return;
        }
        AccessRule rule = firstMatchingRule(request.getMethod(), path);
        if (isPublic(path) || (rule != null && rule.kind() == AccessRule.Kind.PERMIT)) {
            monitor.passed();
            chain.doFilter(request, response);
            return;
        }
        if (rule != null && rule.kind() == AccessRule.Kind.DENY) {
            monitor.rejected(request, RequestOutcome.DENIED);
            ChallengeWriter.write(response, BearerChallenge.denied());
            return;
        }
        BearerDecision decision = authenticator.authenticate(view);
        Jwt jwt = admission.admit(request, response, decision);
        if (jwt == null) {
            return;
        }
        if (rule != null && rule.kind() == AccessRule.Kind.ROLES && !hasAnyRole(jwt, rule)) {
            String scope = String.join(" ", rule.roles());
            monitor.insufficientScope(request, jwt, scope);
            ChallengeWriter.write(response, authenticator.challenges().insufficientScope(scope));
            return;
        }
        if (rule != null && rule.stepUp() != null) {
            // after the roles: a stronger login cannot give a missing role
            String shortfall = rule.stepUp().shortfall(jwt, config.clock().instant(), config.leeway());
            if (shortfall != null) {
                monitor.insufficientUserAuthentication(request, jwt, rule.stepUp().toString());
                ChallengeWriter.write(response, authenticator.challenges()
                        .insufficientUserAuthentication(rule.stepUp(), shortfall));
                return;
            }
        }
        admission.admitted(response, decision);
        chain.doFilter(new AuthenticatedRequest(request, jwt), response);
    }

    /** Servlet path plus path info: decoded and normalized by the container. */
    private static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private boolean isPublic(String path) {
        for (PathPattern pattern : publicPaths) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private AccessRule firstMatchingRule(String method, String path) {
        for (AccessRule rule : rules) {
            if (rule.matches(method, path)) {
                return rule;
            }
        }
        return null;
    }

    private static boolean hasAnyRole(Jwt jwt, AccessRule rule) {
        for (String role : rule.roles()) {
            if (jwt.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void destroy() {
        monitoringProviders.detach();
        if (jmx != null) {
            jmx.unregister();
        }
        if (publishedIn != null) {
            publishedIn.removeAttribute(PERIMETER_ATTRIBUTE_PREFIX + filterName);
        }
        if (perimeter != null) {
            perimeter.close(); // delivers queued audit events and pending revocations first
        }
    }
}
