package dev.perimeter.jwt.authentication;

import dev.perimeter.jwt.config.AuthenticationMode;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.metrics.JmxMetrics;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.servlet.MonitoringProviders;
import dev.perimeter.jwt.servlet.ServletConfiguration;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Container mode, switched on by {@code authentication=container} (system property
 * {@code perimeter.jwt.authentication}, environment {@code PERIMETER_JWT_AUTHENTICATION} or
 * context-param {@code perimeter.jwt.authentication}); otherwise it does nothing. Found by the
 * container in {@code META-INF/services}. Once the application's declared listeners have run (so
 * that they may supply context-params), it starts a {@link Perimeter} from the application's
 * configuration (context-params and the init-params of a declared {@link JwtFilter}, see
 * {@link #filterParameters}) (a bad one fails the deployment, naming the parameter), registers a
 * {@link PerimeterAuthModule} on it for this application with {@link
 * AuthConfigFactory#registerServerAuthModule}, publishes the Perimeter as the context attribute
 * {@link JwtFilter#CONTAINER_PERIMETER_ATTRIBUTE} and logs one INFO line; when the application
 * stops it removes the registration and closes the Perimeter.
 */
public final class ContainerAuthentication implements ServletContainerInitializer {

    /** The context attribute holding the module's {@code RequestMonitor}, for {@link InsufficientScopeServlet}. */
    static final String MONITOR_ATTRIBUTE = ContainerAuthentication.class.getName() + ".monitor";
    /** The name of the metrics in JMX. */
    static final String JMX_NAME = "container-authentication";

    private static final Logger LOG = Logger.getLogger(ContainerAuthentication.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        try {
            if (ServletConfiguration.authenticationMode(context) != AuthenticationMode.CONTAINER) {
                return;
            }
        } catch (ConfigException e) {
            LOG.severe(e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        // The start waits for the application's own listeners (declared in web.xml), so that
        // one of them can supply configuration as it does for the filter: Tomcat and Payara run
        // them before this one; Open Liberty runs listeners added in code first, and then the
        // start waits for the module's web-fragment listener (AfterDeclaredListeners).
        // Asked now: Payara refuses both questions to a listener added in code, as this one is.
        Lifecycle lifecycle = new Lifecycle(
                RegistrationContext.of(context, context.getVirtualServerName()),
                declaredFilter(context), AfterDeclaredListeners.declared(context));
        context.setAttribute(LIFECYCLE_ATTRIBUTE, lifecycle);
        context.addListener(lifecycle);
    }

    /** The context attribute holding the {@link Lifecycle}, for {@link AfterDeclaredListeners}. */
    static final String LIFECYCLE_ATTRIBUTE = ContainerAuthentication.class.getName() + ".lifecycle";

    /**
     * Called by {@link AfterDeclaredListeners} (declared in the module's {@code web-fragment.xml},
     * so after the listeners of {@code web.xml}): starts the module if its listener ran first and
     * waited; otherwise lets that listener, still to come, start it as before.
     */
    static void declaredListenersDone(ServletContext context) {
        Object lifecycle = context.getAttribute(LIFECYCLE_ATTRIBUTE);
        if (lifecycle instanceof Lifecycle) {
            ((Lifecycle) lifecycle).declaredListenersDone();
        }
    }

    /** Starts the Perimeter and registers the module; the first half of {@link Lifecycle}. */
    private static Perimeter start(ServletContext context, FilterRegistration declared)
            throws ServletException {
        Perimeter perimeter;
        try {
            JwtConfig config = ServletConfiguration.read(context, filterParameters(declared));
            if (declared == null) {
                warnAboutFilterParameters(config); // a declared filter warns about its own
            }
            perimeter = Perimeter.start(config);
        } catch (ConfigException e) {
            LOG.severe(e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        AuthConfigFactory factory;
        String registration;
        try {
            factory = AuthConfigFactory.getFactory();
            if (factory == null) {
                throw new ServletException("Perimeter: authentication=container, but this container"
                        + " has no Jakarta Authentication factory (AuthConfigFactory.getFactory() is"
                        + " null); is a copy of jakarta.authentication-api in WEB-INF/lib hiding the"
                        + " container's?");
            }
            PerimeterAuthModule module = new PerimeterAuthModule(perimeter);
            registration = factory.registerServerAuthModule(module, context);
            context.setAttribute(MONITOR_ATTRIBUTE, module.monitor());
        } catch (ServletException | RuntimeException e) {
            perimeter.close();
            throw e;
        }
        context.setAttribute(JwtFilter.CONTAINER_PERIMETER_ATTRIBUTE, perimeter);
        LOG.info("Perimeter JWT authentication module (container mode, registration '"
                + registration + "') protects this application: " + perimeter.summary());
        return perimeter;
    }

    /** The one {@link JwtFilter} the application declares; null when none, or several. */
    private static FilterRegistration declaredFilter(ServletContext context) {
        List<FilterRegistration> declared = new ArrayList<>();
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            if (JwtFilter.class.getName().equals(filter.getClassName())) {
                declared.add(filter);
            }
        }
        return declared.size() == 1 ? declared.get(0) : null;
    }

    /**
     * The init-params of the {@link JwtFilter} the application declares, which steps aside in
     * container mode, so that one declaration configures both modes; without its {@code rules},
     * {@code public-paths} and {@code authentication}, which are the filter's own. Read once the
     * application's listeners have run, so that it holds what they set. Empty without a filter.
     */
    static Map<String, String> filterParameters(FilterRegistration declared) {
        if (declared == null) {
            return Map.of();
        }
        Map<String, String> parameters = new HashMap<>(declared.getInitParameters());
        parameters.remove(Parameters.RULES.name());
        parameters.remove(Parameters.PUBLIC_PATHS.name());
        parameters.remove(Parameters.AUTHENTICATION.name());
        return parameters;
    }

    /** {@code rules} and {@code public-paths} are the filter's: here the container authorizes. */
    private static void warnAboutFilterParameters(JwtConfig config) {
        if (!config.rules().isEmpty() || !config.publicPaths().isEmpty()) {
            LOG.warning("Perimeter: 'rules' and 'public-paths' apply to the servlet JwtFilter only;"
                    + " in container mode (" + Parameters.AUTHENTICATION.name() + "=container) they"
                    + " are not applied: declare <security-constraint>s instead");
        }
    }

    /**
     * Starts the module once the application's declared listeners (CDI's among them) have
     * started, attaches the monitoring providers, and undoes everything when the application
     * stops. A listener added in code may not ask the context for its virtual server name or its
     * filters (Payara refuses both), so it gets them from the initializer: the context as a
     * {@link RegistrationContext}, which registering and removing the module ask, and the filter.
     */
    private static final class Lifecycle implements ServletContextListener {

        private final ServletContext context;
        private final FilterRegistration declared;
        private final MonitoringProviders providers = new MonitoringProviders(LOG);
        /** Whether the module's web-fragment listener will run (fragments are not ignored). */
        private final boolean fragmentListener;
        private Perimeter perimeter;
        private JmxMetrics jmx;
        private boolean declaredListenersDone;
        private boolean waiting;

        Lifecycle(ServletContext context, FilterRegistration declared, boolean fragmentListener) {
            this.context = context;
            this.declared = declared;
            this.fragmentListener = fragmentListener;
        }

        /**
         * Starts now if the declared listeners have run (the fragment's listener came first, as
         * on Tomcat and Payara) or no fragment listener will come (web.xml
         * {@code metadata-complete}, or an initializer added by hand); otherwise (Open Liberty:
         * listeners added in code run before the declared ones) waits for it.
         */
        @Override
        public synchronized void contextInitialized(ServletContextEvent event) {
            if (fragmentListener && !declaredListenersDone) {
                waiting = true;
                return;
            }
            startModule();
        }

        /** The fragment's listener has run, after web.xml's: start if this one waited for it. */
        synchronized void declaredListenersDone() {
            declaredListenersDone = true;
            if (waiting) {
                waiting = false;
                startModule();
            }
        }

        private void startModule() {
            try {
                perimeter = start(context, declared);
            } catch (ServletException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            jmx = JmxMetrics.register(perimeter.metrics(), context.getContextPath(), JMX_NAME);
            providers.attach(perimeter, context);
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            context.removeAttribute(LIFECYCLE_ATTRIBUTE);
            if (perimeter == null) {
                return;
            }
            AuthConfigFactory factory = AuthConfigFactory.getFactory();
            if (factory != null) {
                factory.removeServerAuthModule(context);
            }
            providers.detach();
            if (jmx != null) {
                jmx.unregister();
            }
            context.removeAttribute(JwtFilter.CONTAINER_PERIMETER_ATTRIBUTE);
            context.removeAttribute(MONITOR_ATTRIBUTE);
            perimeter.close(); // delivers queued audit events and pending revocations first
        }
    }
}
