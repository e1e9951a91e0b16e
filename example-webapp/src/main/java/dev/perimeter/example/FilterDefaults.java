package dev.perimeter.example;

import dev.perimeter.jwt.config.Parameters;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Supplies the filter's settings that depend on the application's: the accepted {@code issuer}
 * and {@code audience}, the application's keys ({@code jwks}), the revocation store
 * ({@code revocation}, by default the application's database) and the access cookie's name
 * ({@code cookie}, see {@link CookieNames}). Everything else the filter needs
 * stands in {@code web.xml}.
 *
 * <p>The filter's own sources keep their precedence (system property, environment variable,
 * filter init-param, context-param): {@code issuer}, {@code audience} and {@code revocation} are
 * given as context-params, the lowest source, so any setting of the operator's wins. The key set
 * needs more care, because a value of the operator's would replace the application's keys rather
 * than add to them:
 * <ul>
 * <li>no {@code perimeter.jwt.jwks} anywhere: the filter reads the application's key file;</li>
 * <li>as a context-param (such as a Tomcat {@code <Parameter>}): the filter gets, as its
 *     init-param, the application's key file followed by the operator's entries;</li>
 * <li>as a system property, environment variable or the filter's init-param, which nothing can
 *     outrank: it must include the application's key file itself, or the start fails with a
 *     message that gives the value to use.</li>
 * </ul>
 */
public final class FilterDefaults {

    /** The {@code <filter-name>} of the Perimeter filter in {@code web.xml}. */
    public static final String FILTER_NAME = "perimeter";
    /** The JWKS file of the application's public keys, in the data directory. */
    public static final String JWKS_FILE = "jwks.json";

    private static final Logger LOG = Logger.getLogger(FilterDefaults.class.getName());

    private FilterDefaults() {
    }

    /** Where the application writes its key set for the filter: {@code file:<data-dir>/jwks.json}. */
    public static String jwksLocation(ExampleSettings settings) {
        return "file:" + settings.dataDirectory().resolve(JWKS_FILE);
    }

    /**
     * Supplies the defaults to the filter of {@code context}; called before the filter starts.
     *
     * @throws SettingException naming {@code perimeter.jwt.jwks} when an operator's value would
     *         shut out the application's keys
     */
    public static void supply(ServletContext context, ExampleSettings settings,
            Map<String, String> systemProperties, Map<String, String> environment) {
        String jwksLocation = jwksLocation(settings);
        contextDefault(context, Parameters.PARAM_ISSUER, settings.issuer());
        contextDefault(context, Parameters.PARAM_AUDIENCE, settings.audience());
        contextDefault(context, Parameters.PARAM_REVOCATION, settings.database());
        FilterRegistration filter = context.getFilterRegistration(FILTER_NAME);
        if (filter == null) {
            throw new IllegalStateException("web.xml declares no filter named '" + FILTER_NAME + "'");
        }
        supplyCookie(context, filter, settings, systemProperties, environment);
        String property = Parameters.PROPERTY_PREFIX + Parameters.PARAM_JWKS;
        String[][] fixed = {
            {systemProperties.get(property), "system property " + property},
            {environment.get(Parameters.environmentName(Parameters.PARAM_JWKS)),
                "environment variable " + Parameters.environmentName(Parameters.PARAM_JWKS)},
            {filter.getInitParameter(Parameters.PARAM_JWKS), "init-param jwks of the filter"},
        };
        for (String[] source : fixed) {
            if (source[0] != null) {
                if (!source[0].contains(jwksLocation)) {
                    throw new SettingException(property, "the " + source[1] + " replaces the key"
                            + " set the example gives the filter, which would then refuse the"
                            + " example's own tokens; include the example's keys: \""
                            + jwksLocation + ", " + source[0].trim() + "\"");
                }
                LOG.info("Perimeter example: the filter's jwks comes from the " + source[1]);
                return;
            }
        }
        String operators = context.getInitParameter(property);
        String value = operators == null || operators.isBlank() ? jwksLocation
                : jwksLocation + ", " + operators.trim();
        filter.setInitParameter(Parameters.PARAM_JWKS, value);
    }

    /**
     * The filter reads the access cookie by the name the application gives it
     * ({@link CookieNames}); an operator's {@code perimeter.jwt.cookie} may only repeat it, since
     * any other name would make the filter ignore the cookie the application sets.
     */
    private static void supplyCookie(ServletContext context, FilterRegistration filter,
            ExampleSettings settings, Map<String, String> systemProperties,
            Map<String, String> environment) {
        String name = CookieNames.of(settings.secureCookies(), context.getContextPath()).access();
        String property = Parameters.PROPERTY_PREFIX + Parameters.PARAM_COOKIE;
        for (String given : new String[] {systemProperties.get(property),
                environment.get(Parameters.environmentName(Parameters.PARAM_COOKIE)),
                filter.getInitParameter(Parameters.PARAM_COOKIE), context.getInitParameter(property)}) {
            if (given != null && !given.trim().equals(name)) {
                throw new SettingException(property, "the example sets its access token in the"
                        + " cookie '" + name + "' (see secure-cookies); the filter must read that"
                        + " one, so leave " + property + " unset");
            }
        }
        filter.setInitParameter(Parameters.PARAM_COOKIE, name);
    }

    private static void contextDefault(ServletContext context, String parameter, String value) {
        // false when a context-param of that name exists already: the operator's stays.
        context.setInitParameter(Parameters.PROPERTY_PREFIX + parameter, value);
    }
}
