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
 * {@link #declaredFilterParameters}) (a bad one fails the deployment, naming the parameter), registers a
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
        // The start waits for the application's own listeners (declared in web.xml, they run
        // first), so that one of them can supply configuration as it does for the filter.
        context.addListener(new Lifecycle(context));
    }

    /** Starts the Perimeter and registers the module; the first half of {@link Lifecycle}. */
    private static Perimeter start(ServletContext context) throws ServletException {
        Perimeter perimeter;
        try {
            JwtConfig config = ServletConfiguration.read(context, declaredFilterParameters(context));
            warnAboutFilterParameters(config);
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

    /**
     * The init-params of the one {@link JwtFilter} the application declares, which steps aside in
     * container mode, so that one declaration configures both modes; without its {@code rules},
     * {@code public-paths} and {@code authentication}, which are the filter's own. Empty when the
     * application declares no such filter, or several.
     */
    static Map<String, String> declaredFilterParameters(ServletContext context) {
        List<FilterRegistration> declared = new ArrayList<>();
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            if (JwtFilter.class.getName().equals(filter.getClassName())) {
                declared.add(filter);
            }
        }
        if (declared.size() != 1) {
            return Map.of();
        }
        Map<String, String> parameters = new HashMap<>(declared.get(0).getInitParameters());
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
     * started, attaches the monitoring providers, and undoes everything when the application stops. It keeps the context it was
     * given at start-up: a listener added in code may not ask the event's context for its
     * virtual server name, which removing the registration needs.
     */
    private static final class Lifecycle implements ServletContextListener {

        private final ServletContext context;
        private final MonitoringProviders providers = new MonitoringProviders(LOG);
        private Perimeter perimeter;
        private JmxMetrics jmx;

        Lifecycle(ServletContext context) {
            this.context = context;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            try {
                perimeter = start(context);
            } catch (ServletException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            jmx = JmxMetrics.register(perimeter.metrics(), context.getContextPath(), JMX_NAME);
            providers.attach(perimeter, context);
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
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
