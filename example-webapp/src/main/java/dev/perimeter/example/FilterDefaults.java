package dev.perimeter.example;

import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.dpop.DpopSettings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Supplies the filter's settings that depend on the application's: the accepted {@code issuer}
 * and {@code audience}, the application's keys ({@code jwks}, bound to the application's issuer
 * as {@code <issuer>=file:<data-dir>/jwks.json}, so that they never vouch for the tokens of an
 * identity provider the operator adds), the revocation store ({@code revocation}, by default the
 * application's database), the access cookie's name ({@code cookie}, see
 * {@link CookieNames}) and DPoP ({@code dpop=allowed}, with {@code dpop-url} the issuer's URL
 * without the context path at its end, see {@link #dpopUrl}). Everything else the filter needs
 * stands in {@code web.xml}.
 *
 * <p>The filter's own sources keep their precedence (system property, environment variable,
 * filter init-param, context-param): {@code issuer}, {@code audience}, {@code revocation},
 * {@code dpop} and {@code dpop-url} are given as context-params, the lowest source, so any
 * setting of the operator's wins. The key set
 * needs more care, because a value of the operator's would replace the application's keys rather
 * than add to them:
 * <ul>
 * <li>no {@code perimeter.jwt.jwks} anywhere: the filter reads the application's key file;</li>
 * <li>as a context-param (such as a Tomcat {@code <Parameter>}): the filter gets, as its
 *     init-param, the application's key file followed by the operator's entries;</li>
 * <li>as a system property, environment variable or the filter's init-param, which nothing can
 *     outrank: it must include the application's key file itself, bound to the application's
 *     issuer when the filter accepts several, or the start fails with a message that gives the
 *     value to use. That value works as pasted: with one issuer besides the application's, the
 *     operator's key set URLs that name no issuer are bound to it.</li>
 * </ul>
 * When the filter does not accept the application's issuer (an operator's
 * {@code perimeter.jwt.issuer} that names only an identity provider), the application's keys
 * are left out, with a WARNING: they must never vouch for another issuer's tokens. A
 * {@code roles-claim} of the operator's that leaves out {@code groups}, where the application's
 * own tokens carry their roles, is logged as a WARNING too.
 */
public final class FilterDefaults {

    /** The {@code <filter-name>} of the Perimeter filter in {@code web.xml}. */
    public static final String FILTER_NAME = "perimeter";
    /** The JWKS file of the application's public keys, in the data directory. */
    public static final String JWKS_FILE = "jwks.json";

    private static final Logger LOG = Logger.getLogger(FilterDefaults.class.getName());

    private FilterDefaults() {
    }

    /** The claim the application's tokens carry their roles in. */
    public static final String ROLES_CLAIM = "groups";

    /** Where the application writes its key set for the filter: {@code file:<data-dir>/jwks.json}. */
    public static String jwksLocation(ExampleSettings settings) {
        return "file:" + settings.dataDirectory().resolve(JWKS_FILE);
    }

    /** The filter's {@code jwks} entry of the application's keys, bound to its issuer. */
    public static String jwksEntry(ExampleSettings settings) {
        return settings.issuer() + "=" + jwksLocation(settings);
    }

    /**
     * Supplies the defaults to the filter of {@code context}; called before the filter starts.
     *
     * @throws SettingException naming {@code perimeter.jwt.jwks} when an operator's value would
     *         shut out the application's keys
     */
    public static void supply(ServletContext context, ExampleSettings settings,
            Map<String, String> systemProperties, Map<String, String> environment) {
        contextDefault(context, Parameters.ISSUER.name(), settings.issuer());
        contextDefault(context, Parameters.AUDIENCE.name(), settings.audience());
        contextDefault(context, Parameters.REVOCATION.name(), settings.database());
        FilterRegistration filter = context.getFilterRegistration(FILTER_NAME);
        if (filter == null) {
            throw new IllegalStateException("web.xml declares no filter named '" + FILTER_NAME + "'");
        }
        supplyCookie(context, filter, settings, systemProperties, environment);
        supplyDpop(context, filter, settings, systemProperties, environment);
        warnIfRolesAreLost(context, filter, systemProperties, environment);
        Set<String> issuers = issuers(context, filter, settings, systemProperties, environment);
        String property = Parameters.PROPERTY_PREFIX + Parameters.JWKS.name();
        String[][] fixed = {
            {systemProperties.get(property), "system property " + property},
            {environment.get(Parameters.environmentName(Parameters.JWKS.name())),
                "environment variable " + Parameters.environmentName(Parameters.JWKS.name())},
            {filter.getInitParameter(Parameters.JWKS.name()), "init-param jwks of the filter"},
        };
        boolean ownIssuerAccepted = issuers.contains(settings.issuer());
        if (!ownIssuerAccepted) {
            // Bound to an issuer the filter does not accept, the keys would fail its start;
            // unbound, they would vouch for the operator's issuers. So the filter gets none.
            LOG.warning("Perimeter example: the filter does not accept the example's issuer "
                    + settings.issuer() + " (perimeter.jwt.issuer is " + issuers + "), so the"
                    + " example's keys are not given to it and it refuses the example's own tokens");
        }
        for (String[] source : fixed) {
            if (source[0] != null) {
                String usable = ownIssuerAccepted ? usableJwks(source[0], settings, issuers)
                        : source[0].trim();
                if (!usable.equals(source[0].trim())) {
                    throw new SettingException(property, "the " + source[1] + " must hold the key"
                            + " set the example gives the filter, bound to the example's issuer"
                            + (issuers.size() > 1 ? ", and name the issuer of each key set URL" : "")
                            + ", or the filter refuses the example's own tokens or fails to start;"
                            + " use: \"" + usable + "\"");
                }
                LOG.info("Perimeter example: the filter's jwks comes from the " + source[1]);
                return;
            }
        }
        String operators = context.getInitParameter(property);
        List<String> entries = new ArrayList<>();
        if (ownIssuerAccepted) {
            entries.add(jwksEntry(settings));
        }
        if (operators != null && !operators.isBlank()) {
            entries.add(operators.trim());
        }
        if (!entries.isEmpty()) {
            filter.setInitParameter(Parameters.JWKS.name(), String.join(", ", entries));
        }
    }

    /**
     * The operator's {@code jwks} value as it must be: the application's entry, bound to its
     * issuer, first (unless there already); with several issuers the application's location
     * bound; and key set URLs that name no issuer bound to the only other issuer, when there is
     * exactly one. Equal to the value (trimmed) when that is usable already.
     */
    static String usableJwks(String value, ExampleSettings settings, Set<String> issuers) {
        String own = jwksLocation(settings);
        List<String> others = new ArrayList<>(issuers);
        others.remove(settings.issuer());
        boolean several = issuers.size() > 1;
        List<String> entries = new ArrayList<>();
        boolean hasOwn = false;
        for (String entry : Parameters.items(value)) {
            if (entry.equals(own)) {
                hasOwn = true;
                entries.add(several ? jwksEntry(settings) : entry);
            } else if (entry.equals(jwksEntry(settings))
                    || entry.replaceAll("\\s+", " ").equals(settings.issuer() + " " + own)) {
                hasOwn = true;
                entries.add(entry);
            } else if (several && others.size() == 1 && isUrl(entry)) {
                entries.add(others.get(0) + "=" + entry);
            } else {
                entries.add(entry);
            }
        }
        if (!hasOwn) {
            entries.add(0, jwksEntry(settings));
        }
        String usable = String.join(", ", entries);
        return usable.equals(String.join(", ", Parameters.items(value))) ? value.trim() : usable;
    }

    /** A bare key set URL: no issuer before it. */
    private static boolean isUrl(String entry) {
        return (entry.startsWith("https://") || entry.startsWith("http://"))
                && !entry.contains(" ") && entry.indexOf('=', entry.indexOf("://")) < 0;
    }

    /** The issuers the filter will accept, read from its sources in its order of precedence. */
    private static Set<String> issuers(ServletContext context, FilterRegistration filter,
            ExampleSettings settings, Map<String, String> systemProperties,
            Map<String, String> environment) {
        String value = firstOf(context, filter, Parameters.ISSUER.name(), systemProperties, environment);
        return new LinkedHashSet<>(Parameters.items(value == null ? settings.issuer() : value));
    }

    /** The value of a filter parameter from its first source that has it, or null. */
    private static String firstOf(ServletContext context, FilterRegistration filter, String parameter,
            Map<String, String> systemProperties, Map<String, String> environment) {
        for (String given : sources(context, filter, parameter, systemProperties, environment)) {
            if (given != null) {
                return given;
            }
        }
        return null;
    }

    /**
     * What each of the filter's sources gives for {@code parameter}, in its order of precedence
     * (system property, environment variable, init-param, context-param); null where unset.
     */
    private static String[] sources(ServletContext context, FilterRegistration filter,
            String parameter, Map<String, String> systemProperties,
            Map<String, String> environment) {
        String property = Parameters.PROPERTY_PREFIX + parameter;
        return new String[] {systemProperties.get(property),
            environment.get(Parameters.environmentName(parameter)),
            filter.getInitParameter(parameter), context.getInitParameter(property)};
    }

    /**
     * The application's tokens carry their roles in {@code groups}: a {@code roles-claim} without
     * it (such as Keycloak's {@code realm_access.roles} alone) leaves its users without roles.
     */
    private static void warnIfRolesAreLost(ServletContext context, FilterRegistration filter,
            Map<String, String> systemProperties, Map<String, String> environment) {
        String value = firstOf(context, filter, Parameters.ROLES_CLAIM.name(), systemProperties,
                environment);
        if (value == null) {
            return;
        }
        if (Parameters.items(value).contains(ROLES_CLAIM)) {
            return;
        }
        LOG.warning("Perimeter example: roles-claim '" + value.trim() + "' leaves out '" + ROLES_CLAIM
                + "', where the example's own tokens carry their roles, so its users (admin"
                + " included) have no roles; use '" + ROLES_CLAIM + "," + value.trim() + "'");
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
        String property = Parameters.PROPERTY_PREFIX + Parameters.COOKIE.name();
        for (String given : sources(context, filter, Parameters.COOKIE.name(), systemProperties,
                environment)) {
            if (given != null && !given.trim().equals(name)) {
                throw new SettingException(property, "the example sets its access token in the"
                        + " cookie '" + name + "' (see secure-cookies); the filter must read that"
                        + " one, so leave " + property + " unset");
            }
        }
        filter.setInitParameter(Parameters.COOKIE.name(), name);
    }

    /**
     * {@code dpop=allowed} and {@code dpop-url} {@link #dpopUrl}, as context-params: the login and
     * refresh endpoints bind tokens to a client's key when it sends a DPoP proof, and the filter
     * then admits them only with a proof of that key. When the issuer is no http(s) URL and no
     * source gives a {@code dpop-url}, DPoP stays off (the filter's default), with a WARNING.
     */
    private static void supplyDpop(ServletContext context, FilterRegistration filter,
            ExampleSettings settings, Map<String, String> systemProperties,
            Map<String, String> environment) {
        String url = dpopUrl(settings.issuer(), context.getContextPath());
        if (url == null && firstOf(context, filter, Parameters.DPOP_URL.name(), systemProperties,
                environment) == null) {
            LOG.warning("Perimeter example: the issuer " + settings.issuer() + " is not an http(s)"
                    + " URL, so DPoP stays off unless perimeter.jwt.dpop and perimeter.jwt.dpop-url"
                    + " are set");
            return;
        }
        contextDefault(context, Parameters.DPOP.name(), "allowed");
        if (url != null) {
            contextDefault(context, Parameters.DPOP_URL.name(), url);
        }
    }

    /**
     * The default {@code dpop-url}: the external URL of the application's root as the issuer
     * names it. A proof's {@code htu} is that base followed by the request's path, context path
     * included, so a context path at the end of the issuer ({@code https://example.com/shop} for
     * a WAR at {@code /shop}) is taken off; any other path stays (a proxy's prefix). Null when the
     * issuer is not an absolute http(s) URL without query, fragment or user information.
     */
    public static String dpopUrl(String issuer, String contextPath) {
        String base = issuer.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (contextPath != null && !contextPath.isEmpty() && base.endsWith(contextPath)) {
            base = base.substring(0, base.length() - contextPath.length());
        }
        return base.isEmpty() || DpopSettings.normalizedBase(base) == null ? null : base;
    }

    private static void contextDefault(ServletContext context, String parameter, String value) {
        // false when a context-param of that name exists already: the operator's stays.
        context.setInitParameter(Parameters.PROPERTY_PREFIX + parameter, value);
    }
}
