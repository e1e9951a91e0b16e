package dev.perimeter.example;

import dev.perimeter.example.container.ContainerConstraints;
import dev.perimeter.example.db.Database;
import dev.perimeter.example.db.Schema;
import dev.perimeter.example.keys.SigningKeys;
import dev.perimeter.example.tokens.AccessTokenIssuer;
import dev.perimeter.example.tokens.RefreshTokens;
import dev.perimeter.example.tokens.Revocations;
import dev.perimeter.example.tokens.Sessions;
import dev.perimeter.example.users.Authenticator;
import dev.perimeter.example.users.DemoUsers;
import dev.perimeter.example.users.HashSlots;
import dev.perimeter.example.users.LoginThrottle;
import dev.perimeter.example.users.PasswordHasher;
import dev.perimeter.example.users.UserStore;
import dev.perimeter.example.web.ExampleServlets;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the example application; declared in {@code web.xml}, so it runs before the filter
 * starts. In order: reads the settings, supplies the filter's defaults ({@link FilterDefaults}),
 * adds the servlets ({@link ExampleServlets}) and, in container mode, their constraints
 * ({@link ContainerConstraints}),
 * prepares the data directory and the database (tables, demo users), loads or generates the
 * signing key, writes the key set the filter will read, and builds the services the servlets
 * share ({@link ExampleApp}). Any problem fails the deployment with a message naming its cause.
 */
public final class ExampleListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ExampleListener.class.getName());

    private Database database;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            start(context, Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.severe(e.getMessage() != null ? e.getMessage() : e.toString());
            stop();
            throw e;
        }
    }

    private void start(ServletContext context, Clock clock) {
        Map<String, String> systemProperties = systemProperties();
        Map<String, String> environment = System.getenv();
        ExampleSettings settings = ExampleSettings.from(systemProperties, environment,
                context::getInitParameter, Collections.list(context.getInitParameterNames()));
        FilterDefaults.supply(context, settings, systemProperties, environment);
        ExampleServlets.register(context);
        ContainerConstraints.applyIfContainerMode(context);
        DataDirectory data = DataDirectory.prepare(settings.dataDirectory());
        database = Database.open(settings.database());
        Schema.create(database);

        PasswordHasher hasher = new PasswordHasher();
        UserStore users = new UserStore(database, clock);
        DemoUsers.createIfEmpty(users, hasher);

        SigningKeys keys = SigningKeys.load(settings, data, database, clock);
        Instant keysWritten = clock.instant();
        data.write(FilterDefaults.JWKS_FILE, keys.jwksDocument(keysWritten));

        Revocations revocations = new Revocations(() -> filterPerimeter(context));
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys.signer(), settings.issuer(),
                settings.audience(), settings.accessTtl(), clock, revocations);
        RefreshTokens refreshTokens = new RefreshTokens(database, clock, settings.refreshTtl());
        int purged = refreshTokens.purgeExpired();
        LoginThrottle throttle = new LoginThrottle(
                LoginThrottle.Limits.DEFAULT.withPerAddress(settings.loginAddressFailures()), clock);
        Sessions sessions = new Sessions(new Authenticator(users, hasher), throttle,
                new HashSlots(settings.loginConcurrency()), users, issuer, refreshTokens,
                revocations, clock);
        context.setAttribute(ExampleApp.ATTRIBUTE,
                new ExampleApp(settings, keys, issuer, users, sessions, revocations, clock,
                        keysWritten));
        LOG.info("Perimeter example started: " + settings.summary()
                + (purged > 0 ? "; purged " + purged + " expired refresh tokens" : ""));
    }

    /** What the filter runs, published once it has started. */
    private static Perimeter filterPerimeter(ServletContext context) {
        Object perimeter = context.getAttribute(JwtFilter.PERIMETER_ATTRIBUTE_PREFIX
                + FilterDefaults.FILTER_NAME);
        if (!(perimeter instanceof Perimeter)) {
            throw new IllegalStateException("the Perimeter filter '" + FilterDefaults.FILTER_NAME
                    + "' has not started");
        }
        return (Perimeter) perimeter;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            properties.put(name, System.getProperty(name));
        }
        return properties;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(ExampleApp.ATTRIBUTE);
        stop();
    }

    private void stop() {
        if (database != null) {
            try {
                database.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Perimeter example: closing the database failed", e);
            }
            database = null;
        }
        deregisterDrivers();
    }

    /**
     * Deregisters the JDBC drivers that this application's class loader registered (H2's and
     * PostgreSQL's register themselves when loaded), so that a stopped application leaves nothing
     * in {@link DriverManager}. The filter, which uses them too, has stopped before.
     */
    private static void deregisterDrivers() {
        ClassLoader own = ExampleListener.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "Perimeter example: deregistering " + driver + " failed", e);
                }
            }
        }
    }
}
