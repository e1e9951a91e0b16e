package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.bearer.BearerAuthenticator;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.bearer.BearerRequest;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.config.ResourceLoader;
import dev.perimeter.jwt.metrics.JmxMetrics;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Perimeter servlet filter: admits a request only with a valid, unexpired, unrevoked token
 * and, where an access rule asks, the right role. Configured from {@code web.xml} (see
 * {@code docs/configuration.md}) or given a {@link JwtConfig} in code. Everything is decided at
 * {@link #init}; nothing changes afterwards.
 */
public class JwtFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(JwtFilter.class.getName());

    /**
     * Prefix of the servlet context attribute under which {@link #init} publishes this filter's
     * {@link TokenVerifier}; the attribute's full name is this prefix followed by the filter's
     * name, as in {@code VERIFIER_ATTRIBUTE_PREFIX + "perimeter"}. Through it an application that
     * issues or revokes tokens reaches the configuration this filter enforces, and above all its
     * revocation store ({@code verifier.config().revocationStore()}), without building a second
     * one. {@link #destroy} removes the attribute.
     */
    public static final String VERIFIER_ATTRIBUTE_PREFIX = JwtFilter.class.getName() + ".verifier.";

    /**
     * Prefix of the servlet context attribute under which {@link #init} publishes this filter's
     * {@link AuditLog}, followed by the filter's name: through it the application records its own
     * events (issued, refreshed, revoked tokens, alerts), reads the latest ones and adds
     * listeners. {@link #destroy} removes it.
     */
    public static final String AUDIT_ATTRIBUTE_PREFIX = JwtFilter.class.getName() + ".audit.";

    /**
     * Prefix of the servlet context attribute under which {@link #init} publishes this filter's
     * {@link PerimeterMetrics}, followed by the filter's name, for an application that exports
     * them itself (with the {@code jwt-micrometer} binder, say). {@link #destroy} removes it.
     */
    public static final String METRICS_ATTRIBUTE_PREFIX = JwtFilter.class.getName() + ".metrics.";

    private JwtConfig config;
    /** Whether init built the configuration, and so owns (and closes) its stores. */
    private boolean ownsConfig;
    private TokenVerifier verifier;
    private BearerAuthenticator authenticator;
    private AuditLog audit;
    private PerimeterMetrics metrics;
    private RequestMonitor monitor;
    private AddressSpreadRule spreadRule;
    private JmxMetrics jmx;
    private final List<AutoCloseable> attachments = new ArrayList<>();
    private ServletContext publishedIn;
    private String filterName;

    /** For {@code web.xml}: the configuration is read from parameters at {@link #init}. */
    public JwtFilter() {
    }

    /** For programmatic registration with a configuration built in code. */
    public JwtFilter(JwtConfig config) {
        this.config = config;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        try {
            if (config == null) {
                config = configFrom(filterConfig);
                ownsConfig = true;
            }
        } catch (ConfigException e) {
            LOG.severe(e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        verifier = new TokenVerifier(config);
        authenticator = new BearerAuthenticator(verifier);
        audit = new AuditLog(config.clock(), config.auditQueueSize(), config.auditHistorySize());
        metrics = new PerimeterMetrics(verifier, audit);
        monitor = new RequestMonitor(config, audit, metrics);
        spreadRule = new AddressSpreadRule(config.tokenAddressAction(), config.tokenAddressLimit(),
                config.tokenAddressWindow(), config.clock(), audit, config.revocationStore());
        publishedIn = filterConfig.getServletContext();
        filterName = filterConfig.getFilterName();
        jmx = JmxMetrics.register(metrics, publishedIn.getContextPath(), filterName);
        publishedIn.setAttribute(VERIFIER_ATTRIBUTE_PREFIX + filterName, verifier);
        publishedIn.setAttribute(AUDIT_ATTRIBUTE_PREFIX + filterName, audit);
        publishedIn.setAttribute(METRICS_ATTRIBUTE_PREFIX + filterName, metrics);
        attachMonitoringProviders();
        LOG.info("Perimeter JWT filter '" + filterConfig.getFilterName() + "' protects this"
                + " application: " + config.summary());
    }

    /**
     * Hands the audit log and metrics to every {@link MonitoringProvider} on the class path. A
     * provider whose own dependencies are missing (jwt-cdi where no CDI API is deployed, for a
     * JAX-RS application without CDI) is skipped quietly; any other failure is logged, and the
     * filter starts without that provider.
     */
    private void attachMonitoringProviders() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Iterator<MonitoringProvider> providers = ServiceLoader.load(MonitoringProvider.class,
                loader != null ? loader : JwtFilter.class.getClassLoader()).iterator();
        while (true) {
            MonitoringProvider provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                LOG.log(e.getCause() instanceof LinkageError ? Level.FINE : Level.WARNING,
                        "Perimeter: a monitoring provider cannot be loaded; skipped", e);
                continue;
            }
            try {
                AutoCloseable attachment = provider.attach(audit, metrics, publishedIn);
                if (attachment != null) {
                    attachments.add(attachment);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(e instanceof LinkageError ? Level.FINE : Level.WARNING,
                        "Perimeter: monitoring provider " + provider.getClass().getName()
                                + " failed; going on without it", e);
            }
        }
    }

    private static JwtConfig configFrom(FilterConfig filterConfig) {
        ServletContext context = filterConfig.getServletContext();
        Map<String, String> parameters = ServletParameters.resolve(systemProperties(),
                System.getenv(), names(Collections.list(filterConfig.getInitParameterNames()),
                        filterConfig::getInitParameter),
                names(Collections.list(context.getInitParameterNames()), context::getInitParameter));
        return JwtConfig.builder()
                .setAll(parameters)
                .resourceLoader(ResourceLoader.withWebResources(context::getResourceAsStream))
                .build();
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> result = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            result.put(name, System.getProperty(name));
        }
        return result;
    }

    private static Map<String, String> names(Iterable<String> names,
            java.util.function.Function<String, String> lookup) {
        Map<String, String> result = new HashMap<>();
        for (String name : names) {
            result.put(name, lookup.apply(name));
        }
        return result;
    }

    /** The configuration in force (after {@link #init}). */
    public JwtConfig config() {
        return config;
    }

    /** The verifier this filter uses, for code that checks tokens outside requests. */
    public TokenVerifier verifier() {
        return verifier;
    }

    /** This filter's audit log (after {@link #init}); also a context attribute, see {@link #AUDIT_ATTRIBUTE_PREFIX}. */
    public AuditLog audit() {
        return audit;
    }

    /** This filter's metrics (after {@link #init}); also a context attribute, see {@link #METRICS_ATTRIBUTE_PREFIX}. */
    public PerimeterMetrics metrics() {
        return metrics;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
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
        if (decision.validationNanos() != BearerDecision.NOT_VALIDATED) {
            monitor.validated(decision.validationNanos());
        }
        if (decision.isRefused()) {
            if (decision.verification() != null) {
                monitor.rejected(request, decision.verification());
            } else {
                monitor.rejected(request, decision.outcome());
            }
            ChallengeWriter.write(response, decision.challenge());
            return;
        }
        Jwt jwt = decision.jwt();
        if (spreadRule.refuses(request, jwt, decision.token())) {
            monitor.revoked(request, jwt);
            ChallengeWriter.write(response, BearerChallenge.rejected(config.realm(), Rejection.REVOKED,
                    Rejection.REVOKED.description()));
            return;
        }
        if (rule != null && rule.kind() == AccessRule.Kind.ROLES && !hasAnyRole(jwt, rule)) {
            String scope = String.join(" ", rule.roles());
            monitor.insufficientScope(request, jwt, scope);
            ChallengeWriter.write(response, BearerChallenge.insufficientScope(config.realm(), scope));
            return;
        }
        monitor.admitted();
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
        for (PathPattern pattern : config.publicPaths()) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private AccessRule firstMatchingRule(String method, String path) {
        for (AccessRule rule : config.rules()) {
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
        for (AutoCloseable attachment : attachments) {
            try {
                attachment.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Perimeter: detaching a monitoring provider failed", e);
            }
        }
        attachments.clear();
        if (jmx != null) {
            jmx.unregister();
        }
        if (publishedIn != null) {
            publishedIn.removeAttribute(VERIFIER_ATTRIBUTE_PREFIX + filterName);
            publishedIn.removeAttribute(AUDIT_ATTRIBUTE_PREFIX + filterName);
            publishedIn.removeAttribute(METRICS_ATTRIBUTE_PREFIX + filterName);
        }
        if (audit != null) {
            audit.close(); // delivers what is queued, runs pending revocations, stops the thread
        }
        if (!ownsConfig) {
            return; // whoever built the configuration in code closes what it holds
        }
        try {
            config.keySource().close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Perimeter: closing the key source failed", e);
        }
        try {
            config.revocationStore().close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Perimeter: closing the revocation store failed", e);
        }
    }
}
