package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.config.AuthenticationMode;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.config.Parameter;
import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.config.ResourceLoader;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The configuration of a servlet entry point, read as {@link JwtFilter} reads it: system
 * properties, environment, the entry point's own init-params and the context-params, checked as
 * {@link ServletParameters} does, with {@code /WEB-INF/…} locations read from the application.
 * The filter and the {@code jwt-authentication} module both start from here.
 */
public final class ServletConfiguration {

    private ServletConfiguration() {
    }

    /**
     * Builds the configuration of {@code context} with {@code initParameters} (a filter's; empty
     * for an entry point that has none).
     *
     * @throws ConfigException naming the parameter at fault
     */
    public static JwtConfig read(ServletContext context, Map<String, String> initParameters) {
        Map<String, String> parameters = ServletParameters.resolve(systemProperties(),
                System.getenv(), initParameters, contextParameters(context));
        return JwtConfig.builder()
                .setAll(parameters)
                .resourceLoader(ResourceLoader.withWebResources(context::getResourceAsStream))
                .build();
    }

    /**
     * The Perimeter parameters that {@code context}'s application-wide sources set (system
     * properties, environment, context-params), resolved and checked as {@link #read} does, for an
     * entry point that maps its own settings onto the rest (MicroProfile JWT's {@code mp.jwt.*}).
     *
     * @throws ConfigException naming a parameter that is unknown
     */
    public static Map<String, String> applicationParameters(ServletContext context) {
        return ServletParameters.resolve(systemProperties(), System.getenv(), Map.of(),
                contextParameters(context));
    }

    /**
     * Builds a configuration without a servlet context, for an entry point that the container
     * configures (a provider in Tomcat's {@code conf/jaspic-providers.xml}): system properties,
     * environment, then the {@code perimeter.jwt.*} entries of {@code properties}, checked as
     * context-params are; other entries are the container's own and are ignored. Locations are
     * read from files and the class path only.
     *
     * @throws ConfigException naming the parameter at fault
     */
    public static JwtConfig readProperties(Map<String, String> properties) {
        Map<String, String> prefixed = new HashMap<>();
        properties.forEach((name, value) -> {
            if (name.startsWith(Parameters.PROPERTY_PREFIX)) {
                prefixed.put(name, value);
            }
        });
        return JwtConfig.builder()
                .setAll(ServletParameters.resolve(systemProperties(), System.getenv(), Map.of(),
                        prefixed))
                .build();
    }

    /**
     * The {@code authentication} mode of {@code context} from the sources that apply to the whole
     * application: system property, environment variable, context-param (first found wins);
     * nothing else is read or checked, so an application in filter mode is left to its filter.
     *
     * @throws ConfigException naming {@code authentication} for a value it does not know
     */
    public static AuthenticationMode authenticationMode(ServletContext context) {
        return value(context, Map.of(), Parameters.AUTHENTICATION);
    }

    /**
     * One parameter of a filter with {@code initParameters} in {@code context}, from the first of
     * the filter's sources that sets it (system property, environment variable, init-param,
     * context-param), read by its descriptor; its default when none does. Nothing else is read
     * or checked.
     *
     * @throws ConfigException naming the parameter for a value it does not take
     */
    public static <T> T value(ServletContext context, Map<String, String> initParameters,
            Parameter<T> parameter) {
        String value = ServletParameters.value(parameter.name(), systemProperties(), System.getenv(),
                initParameters, contextParameters(context));
        return parameter.read(value != null ? value : parameter.defaultValue());
    }

    /** The init-params of a filter or servlet, by name. */
    public static Map<String, String> parameters(Iterable<String> names,
            Function<String, String> lookup) {
        Map<String, String> result = new HashMap<>();
        for (String name : names) {
            result.put(name, lookup.apply(name));
        }
        return result;
    }

    private static Map<String, String> contextParameters(ServletContext context) {
        return parameters(Collections.list(context.getInitParameterNames()),
                context::getInitParameter);
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> result = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            result.put(name, System.getProperty(name));
        }
        return result;
    }
}
