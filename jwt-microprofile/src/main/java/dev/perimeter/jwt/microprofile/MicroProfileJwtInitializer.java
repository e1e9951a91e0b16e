package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.ServletConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * Switches MicroProfile JWT on where the specification says: in an application with a class
 * (its JAX-RS {@code Application}) annotated {@code @LoginConfig(authMethod = "MP-JWT")}. Reads
 * the {@code mp.jwt.*} settings, starts Perimeter from them (a mistake fails deployment, naming
 * the setting), and puts {@link MicroProfileJwtFilter} in front of every request. Does nothing in
 * other applications, and nothing where the container brings its own MicroProfile JWT.
 */
@HandlesTypes(LoginConfig.class)
public final class MicroProfileJwtInitializer implements ServletContainerInitializer {

    /** The context attribute holding the running {@link Perimeter} of the application. */
    public static final String PERIMETER_ATTRIBUTE = MicroProfileJwtInitializer.class.getName() + ".perimeter";
    static final String FILTER_NAME = "perimeter-microprofile-jwt";
    static final String AUTH_METHOD = "MP-JWT";

    private static final Logger LOG = Logger.getLogger(MicroProfileJwtInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Class<?> application = loginConfigured(classes);
        if (application == null) {
            return;
        }
        ClassLoader loader = context.getClassLoader();
        Optional<String> own = ContainerMicroProfileJwt.implementation(loader);
        if (own.isPresent()) {
            LOG.info("Perimeter MicroProfile JWT stands down in this application: the container"
                    + " brings its own MicroProfile JWT (" + own.get() + "), which verifies its tokens");
            return;
        }
        Perimeter perimeter;
        try {
            perimeter = Perimeter.start(configuration(loader, context));
        } catch (ConfigException e) {
            LOG.severe("Perimeter MicroProfile JWT: " + e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        context.setAttribute(PERIMETER_ATTRIBUTE, perimeter);
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME,
                new MicroProfileJwtFilter(perimeter));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addListener(new Closer(perimeter));
        LOG.info("Perimeter MicroProfile JWT protects this application (@LoginConfig on "
                + application.getName() + "): " + perimeter.summary());
    }

    /**
     * The answers of the Perimeter that this initializer started in {@code context}, or null where
     * MicroProfile JWT is not switched on (no {@code @LoginConfig}, or the container's own wins).
     */
    static Challenges challenges(ServletContext context) {
        Object perimeter = context == null ? null : context.getAttribute(PERIMETER_ATTRIBUTE);
        return perimeter instanceof Perimeter ? ((Perimeter) perimeter).authenticator().challenges()
                : null;
    }

    /** The configuration of the application: its mp.jwt.* settings over its Perimeter parameters. */
    static JwtConfig configuration(ClassLoader loader, ServletContext context) {
        MpJwtConfiguration mapping = new MpJwtConfiguration(SettingsSource.of(loader, context),
                new KeyLocations(loader, context));
        return mapping.builder(ServletConfiguration.applicationParameters(context)).build();
    }

    /** The class that asks for MP-JWT, or null. */
    private static Class<?> loginConfigured(Set<Class<?>> classes) {
        if (classes == null) {
            return null;
        }
        for (Class<?> type : classes) {
            LoginConfig login = type.getAnnotation(LoginConfig.class);
            if (login != null && AUTH_METHOD.equalsIgnoreCase(login.authMethod().trim())) {
                return type;
            }
        }
        return null;
    }

    /** Closes the application's Perimeter (its threads, stores) when the application stops. */
    private static final class Closer implements ServletContextListener {

        private final Perimeter perimeter;

        Closer(Perimeter perimeter) {
            this.perimeter = perimeter;
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            event.getServletContext().removeAttribute(PERIMETER_ATTRIBUTE);
            perimeter.close();
        }
    }
}
