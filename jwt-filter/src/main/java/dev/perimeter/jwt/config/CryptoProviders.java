package dev.perimeter.jwt.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.Provider;
import java.security.Security;
import java.util.List;

/**
 * Resolves {@code crypto-provider}: the JCA provider that Perimeter prefers for its own signature
 * checks. The provider is handed to the verifier, never registered in the JVM: the provider order
 * of {@code java.security}, and so every other library in the JVM, stays as it was.
 *
 * <ul>
 *   <li>{@code auto}: Amazon Corretto Crypto Provider when it is on the class path and its native
 *       library loaded, else the JDK's providers;</li>
 *   <li>{@code jdk}: the JDK's providers in their configured order;</li>
 *   <li>{@code accp}: Amazon Corretto Crypto Provider, and start-up fails without it;</li>
 *   <li>any other value: the name of a provider installed in the JVM, or the class name of a
 *       {@link Provider} (with a public static {@code INSTANCE} or a public no-argument
 *       constructor).</li>
 * </ul>
 */
final class CryptoProviders {

    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private CryptoProviders() {
    }

    /**
     * The provider named by {@code value}, or null for the JDK's own order.
     *
     * @param warnings where an {@code auto} fallback that deserves a word is reported
     * @throws ConfigException when a named provider cannot be had
     */
    static Provider resolve(String value, List<String> warnings) {
        switch (value) {
            case "auto":
                return accp(warnings);
            case "jdk":
                return null;
            case "accp":
                Provider accp = accp(null);
                if (accp == null) {
                    throw new ConfigException(Parameters.CRYPTO_PROVIDER.name(),
                            "Amazon Corretto Crypto Provider is not on the class path or its"
                                    + " native library did not load");
                }
                return accp;
            default:
                return named(value);
        }
    }

    /** ACCP when present and healthy; otherwise null, with a warning when it is present but broken. */
    private static Provider accp(List<String> warnings) {
        Class<?> type;
        try {
            type = Class.forName(ACCP_CLASS, true, CryptoProviders.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            Method loadingError = type.getMethod("getLoadingError");
            Object error = loadingError.invoke(provider);
            if (error != null) {
                if (warnings != null) {
                    warnings.add("Perimeter: Amazon Corretto Crypto Provider is on the class path"
                            + " but did not load (" + error + "); the JDK's providers are used");
                }
                return null;
            }
            return provider;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (warnings != null) {
                warnings.add("Perimeter: Amazon Corretto Crypto Provider could not be used ("
                        + e + "); the JDK's providers are used");
            }
            return null;
        }
    }

    private static Provider named(String value) {
        Provider installed = Security.getProvider(value);
        if (installed != null) {
            return installed;
        }
        try {
            Class<?> type = Class.forName(value, true, CryptoProviders.class.getClassLoader());
            if (!Provider.class.isAssignableFrom(type)) {
                throw new ConfigException(Parameters.CRYPTO_PROVIDER.name(),
                        "'" + value + "' is not a java.security.Provider");
            }
            try {
                Field instance = type.getField("INSTANCE");
                if (Modifier.isStatic(instance.getModifiers())
                        && instance.get(null) instanceof Provider) {
                    return (Provider) instance.get(null);
                }
            } catch (NoSuchFieldException e) {
                // fall through to the constructor
            }
            return (Provider) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException(Parameters.CRYPTO_PROVIDER.name(), "expected auto, jdk, accp,"
                    + " an installed provider name or a provider class name; got '" + value + "'");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (e instanceof ConfigException) {
                throw (ConfigException) e;
            }
            throw new ConfigException(Parameters.CRYPTO_PROVIDER.name(),
                    "the provider '" + value + "' could not be created: " + e);
        }
    }
}
