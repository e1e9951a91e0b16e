package dev.perimeter.jwt.revocation;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Builds the revocation store that the {@code revocation} parameter names:
 * <ul>
 * <li>{@code memory}: {@link MemoryRevocationStore};
 * <li>{@code jdbc:<url>}: {@link JdbcRevocationStore} with its own connections;
 * <li>{@code jndi:<name>}: {@link JdbcRevocationStore} on a container's {@link DataSource},
 *     looked up as given and, failing that, under {@code java:comp/env/};
 * <li>anything a {@link RevocationStoreProvider} found by {@link ServiceLoader} supports, such
 *     as jwt-redis's {@code redis://host:port[/db]};
 * <li>the class name of a {@link RevocationStoreProvider}, which is then given the name as spec.
 * </ul>
 */
public final class RevocationStores {

    public static final String MEMORY = "memory";
    public static final String JDBC_PREFIX = "jdbc:";
    public static final String JNDI_PREFIX = "jndi:";

    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)+");

    private RevocationStores() {
    }

    /**
     * Builds and starts the store {@code spec} names; a shared store is returned before its first
     * synchronization.
     *
     * @throws IllegalArgumentException when {@code spec} names no store or an invalid one; the
     *         message never quotes credentials
     */
    public static RevocationStore create(String spec, RevocationSettings settings) {
        return resolve(spec, settings).get();
    }

    /**
     * Finds the store {@code spec} names and checks now what can be known without starting it:
     * its kind, a JDBC driver for the URL, the JNDI DataSource, the provider. The supplier builds
     * and starts it (a provider's own checks of the rest of {@code spec} run then).
     *
     * @throws IllegalArgumentException when {@code spec} names no store or an invalid one; the
     *         message never quotes credentials
     */
    public static Supplier<RevocationStore> resolve(String spec, RevocationSettings settings) {
        String value = spec.trim();
        if (MEMORY.equals(value)) {
            return () -> new MemoryRevocationStore(settings.clock(), settings.leeway(), settings.maxAge());
        }
        if (value.startsWith(JDBC_PREFIX)) {
            JdbcConnections.requireDriver(value);
            return () -> JdbcRevocationStore.builder(settings).url(value).build();
        }
        if (value.startsWith(JNDI_PREFIX)) {
            DataSource dataSource = lookup(value.substring(JNDI_PREFIX.length()));
            return () -> JdbcRevocationStore.builder(settings).dataSource(dataSource, value).build();
        }
        for (RevocationStoreProvider provider : providers()) {
            if (provider.supports(value)) {
                return () -> provider.create(value, settings);
            }
        }
        if (CLASS_NAME.matcher(value).matches() && !value.contains(":")) {
            RevocationStoreProvider provider = instantiate(value);
            return () -> provider.create(value, settings);
        }
        String hint = value.startsWith("redis") ? "; redis:// needs the jwt-redis module on the"
                + " class path" : "";
        throw new IllegalArgumentException("unknown store '" + CredentialMask.mask(value)
                + "'; expected memory, jdbc:<url>, jndi:<name>, redis://host:port[/db] or the"
                + " class name of a RevocationStoreProvider" + hint);
    }

    /** The providers visible to the application's and to this library's class loader. */
    private static List<RevocationStoreProvider> providers() {
        List<RevocationStoreProvider> result = new ArrayList<>();
        List<Class<?>> seen = new ArrayList<>();
        for (ClassLoader loader : loaders()) {
            try {
                for (RevocationStoreProvider provider
                        : ServiceLoader.load(RevocationStoreProvider.class, loader)) {
                    if (!seen.contains(provider.getClass())) {
                        seen.add(provider.getClass());
                        result.add(provider);
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException("a RevocationStoreProvider could not be loaded: "
                        + e.getMessage(), e);
            }
        }
        return result;
    }

    private static RevocationStoreProvider instantiate(String className) {
        Class<?> type = null;
        for (ClassLoader loader : loaders()) {
            try {
                type = Class.forName(className, true, loader);
                break;
            } catch (ClassNotFoundException e) {
                // try the next loader
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("class " + className + " not found");
        }
        if (!RevocationStoreProvider.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " does not implement "
                    + RevocationStoreProvider.class.getName());
        }
        try {
            return (RevocationStoreProvider) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(className + " has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(className + " failed to start: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(className + " cannot be instantiated: " + e, e);
        }
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        ClassLoader own = RevocationStores.class.getClassLoader();
        if (own != null && own != context) {
            loaders.add(own);
        }
        return loaders;
    }

    /** A container's DataSource: by the name as given, else under {@code java:comp/env/}. */
    static DataSource lookup(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("jndi: needs a name, such as"
                    + " jndi:java:comp/env/jdbc/perimeter");
        }
        try {
            InitialContext context = new InitialContext();
            try {
                Object found;
                try {
                    found = context.lookup(name);
                } catch (NameNotFoundException e) {
                    if (name.startsWith("java:")) {
                        throw e;
                    }
                    found = context.lookup("java:comp/env/" + name);
                }
                if (!(found instanceof DataSource)) {
                    throw new IllegalArgumentException("jndi:" + name + " is "
                            + (found == null ? "null" : "a " + found.getClass().getName())
                            + ", not a javax.sql.DataSource");
                }
                return (DataSource) found;
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new IllegalArgumentException("cannot look up the DataSource " + name
                    + " in JNDI: " + e.getMessage(), e);
        }
    }
}
