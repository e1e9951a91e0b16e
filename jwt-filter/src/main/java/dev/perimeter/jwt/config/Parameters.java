package dev.perimeter.jwt.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names and defaults of every configuration parameter. {@code docs/configuration.md} lists
 * the same, and a test keeps the two equal.
 */
public final class Parameters {

    public static final String PARAM_ISSUER = "issuer";
    public static final String PARAM_AUDIENCE = "audience";
    public static final String PARAM_ALGORITHMS = "algorithms";
    public static final String PARAM_PUBLIC_KEY = "public-key";
    public static final String PARAM_SECRET = "secret";
    public static final String PARAM_JWKS = "jwks";
    public static final String PARAM_KEYS_ISSUER = "keys-issuer";
    public static final String PARAM_OIDC_DISCOVERY = "oidc-discovery";
    public static final String PARAM_JWKS_REFRESH = "jwks-refresh";
    public static final String PARAM_JWKS_MIN_REFETCH = "jwks-min-refetch";
    public static final String PARAM_JWKS_TIMEOUT = "jwks-timeout";
    public static final String PARAM_JWKS_RETENTION = "jwks-retention";
    public static final String PARAM_JWKS_TRUST_STORE = "jwks-trust-store";
    public static final String PARAM_JWKS_TRUST_STORE_PASSWORD = "jwks-trust-store-password";
    public static final String PARAM_JWKS_ALLOW_HTTP_LOOPBACK = "jwks-allow-http-loopback";
    public static final String PARAM_LEEWAY = "leeway";
    public static final String PARAM_MAX_AGE = "max-age";
    public static final String PARAM_REQUIRED_CLAIMS = "required-claims";
    public static final String PARAM_TOKEN_TYPES = "token-types";
    public static final String PARAM_HEADER = "header";
    public static final String PARAM_COOKIE = "cookie";
    public static final String PARAM_CSRF = "csrf";
    public static final String PARAM_ROLES_CLAIM = "roles-claim";
    public static final String PARAM_PRINCIPAL_CLAIM = "principal-claim";
    public static final String PARAM_PUBLIC_PATHS = "public-paths";
    public static final String PARAM_RULES = "rules";
    public static final String PARAM_REVOCATION = "revocation";
    public static final String PARAM_REVOCATION_SYNC = "revocation-sync";
    public static final String PARAM_REALM = "realm";
    public static final String PARAM_MAX_TOKEN_LENGTH = "max-token-length";
    public static final String PARAM_CACHE_SIZE = "cache-size";
    public static final String PARAM_CRYPTO_PROVIDER = "crypto-provider";
    public static final String PARAM_TOKEN_ADDRESS_LIMIT = "token-address-limit";
    public static final String PARAM_TOKEN_ADDRESS_WINDOW = "token-address-window";
    public static final String PARAM_TOKEN_ADDRESS_ACTION = "token-address-action";
    public static final String PARAM_BAD_SIGNATURE_LIMIT = "bad-signature-limit";
    public static final String PARAM_BAD_SIGNATURE_WINDOW = "bad-signature-window";
    public static final String PARAM_SIGNATURE_CONCURRENCY = "signature-concurrency";
    public static final String PARAM_SIGNATURE_FAILURE_LIMIT = "signature-failure-limit";
    public static final String PARAM_SIGNATURE_FAILURE_WINDOW = "signature-failure-window";
    public static final String PARAM_AUDIT_QUEUE_SIZE = "audit-queue-size";
    public static final String PARAM_AUDIT_HISTORY_SIZE = "audit-history-size";

    public static final String DEFAULT_ALGORITHMS = "RS256";
    public static final String DEFAULT_OIDC_DISCOVERY = "false";
    public static final String DEFAULT_JWKS_REFRESH = "600";
    public static final String DEFAULT_JWKS_MIN_REFETCH = "30";
    public static final String DEFAULT_JWKS_TIMEOUT = "5";
    public static final String DEFAULT_JWKS_RETENTION = "86400";
    public static final String DEFAULT_JWKS_ALLOW_HTTP_LOOPBACK = "false";
    public static final String DEFAULT_LEEWAY = "30";
    public static final String DEFAULT_REQUIRED_CLAIMS = "exp";
    public static final String DEFAULT_TOKEN_TYPES = "JWT, at+jwt, absent";
    public static final String DEFAULT_HEADER = "Authorization";
    public static final String DEFAULT_CSRF = "double-submit";
    public static final String DEFAULT_ROLES_CLAIM = "groups";
    public static final String DEFAULT_PRINCIPAL_CLAIM = "upn, preferred_username, sub";
    public static final String DEFAULT_REVOCATION = "memory";
    public static final String DEFAULT_REVOCATION_SYNC = "2";
    public static final String DEFAULT_MAX_TOKEN_LENGTH = "8192";
    public static final String DEFAULT_CACHE_SIZE = "10000";
    public static final String DEFAULT_CRYPTO_PROVIDER = "auto";
    public static final String DEFAULT_TOKEN_ADDRESS_LIMIT = "3";
    public static final String DEFAULT_TOKEN_ADDRESS_WINDOW = "300";
    public static final String DEFAULT_TOKEN_ADDRESS_ACTION = "log";
    public static final String DEFAULT_BAD_SIGNATURE_LIMIT = "20";
    public static final String DEFAULT_BAD_SIGNATURE_WINDOW = "60";
    public static final String DEFAULT_SIGNATURE_CONCURRENCY = "auto";
    public static final String DEFAULT_SIGNATURE_FAILURE_LIMIT = "20";
    public static final String DEFAULT_SIGNATURE_FAILURE_WINDOW = "60";
    public static final String DEFAULT_AUDIT_QUEUE_SIZE = "10000";
    public static final String DEFAULT_AUDIT_HISTORY_SIZE = "1000";

    /** Prefix of system properties and context parameters. */
    public static final String PROPERTY_PREFIX = "perimeter.jwt.";
    /** Prefix of environment variables. */
    public static final String ENV_PREFIX = "PERIMETER_JWT_";

    /** Every parameter name, in documentation order, with its default (null: none). */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(PARAM_ISSUER, null);
        defaults.put(PARAM_AUDIENCE, null);
        defaults.put(PARAM_ALGORITHMS, DEFAULT_ALGORITHMS);
        defaults.put(PARAM_PUBLIC_KEY, null);
        defaults.put(PARAM_SECRET, null);
        defaults.put(PARAM_JWKS, null);
        defaults.put(PARAM_KEYS_ISSUER, null);
        defaults.put(PARAM_OIDC_DISCOVERY, DEFAULT_OIDC_DISCOVERY);
        defaults.put(PARAM_JWKS_REFRESH, DEFAULT_JWKS_REFRESH);
        defaults.put(PARAM_JWKS_MIN_REFETCH, DEFAULT_JWKS_MIN_REFETCH);
        defaults.put(PARAM_JWKS_TIMEOUT, DEFAULT_JWKS_TIMEOUT);
        defaults.put(PARAM_JWKS_RETENTION, DEFAULT_JWKS_RETENTION);
        defaults.put(PARAM_JWKS_TRUST_STORE, null);
        defaults.put(PARAM_JWKS_TRUST_STORE_PASSWORD, null);
        defaults.put(PARAM_JWKS_ALLOW_HTTP_LOOPBACK, DEFAULT_JWKS_ALLOW_HTTP_LOOPBACK);
        defaults.put(PARAM_LEEWAY, DEFAULT_LEEWAY);
        defaults.put(PARAM_MAX_AGE, null);
        defaults.put(PARAM_REQUIRED_CLAIMS, DEFAULT_REQUIRED_CLAIMS);
        defaults.put(PARAM_TOKEN_TYPES, DEFAULT_TOKEN_TYPES);
        defaults.put(PARAM_HEADER, DEFAULT_HEADER);
        defaults.put(PARAM_COOKIE, null);
        defaults.put(PARAM_CSRF, DEFAULT_CSRF);
        defaults.put(PARAM_ROLES_CLAIM, DEFAULT_ROLES_CLAIM);
        defaults.put(PARAM_PRINCIPAL_CLAIM, DEFAULT_PRINCIPAL_CLAIM);
        defaults.put(PARAM_PUBLIC_PATHS, null);
        defaults.put(PARAM_RULES, null);
        defaults.put(PARAM_REVOCATION, DEFAULT_REVOCATION);
        defaults.put(PARAM_REVOCATION_SYNC, DEFAULT_REVOCATION_SYNC);
        defaults.put(PARAM_REALM, null);
        defaults.put(PARAM_MAX_TOKEN_LENGTH, DEFAULT_MAX_TOKEN_LENGTH);
        defaults.put(PARAM_CACHE_SIZE, DEFAULT_CACHE_SIZE);
        defaults.put(PARAM_CRYPTO_PROVIDER, DEFAULT_CRYPTO_PROVIDER);
        defaults.put(PARAM_TOKEN_ADDRESS_LIMIT, DEFAULT_TOKEN_ADDRESS_LIMIT);
        defaults.put(PARAM_TOKEN_ADDRESS_WINDOW, DEFAULT_TOKEN_ADDRESS_WINDOW);
        defaults.put(PARAM_TOKEN_ADDRESS_ACTION, DEFAULT_TOKEN_ADDRESS_ACTION);
        defaults.put(PARAM_BAD_SIGNATURE_LIMIT, DEFAULT_BAD_SIGNATURE_LIMIT);
        defaults.put(PARAM_BAD_SIGNATURE_WINDOW, DEFAULT_BAD_SIGNATURE_WINDOW);
        defaults.put(PARAM_SIGNATURE_CONCURRENCY, DEFAULT_SIGNATURE_CONCURRENCY);
        defaults.put(PARAM_SIGNATURE_FAILURE_LIMIT, DEFAULT_SIGNATURE_FAILURE_LIMIT);
        defaults.put(PARAM_SIGNATURE_FAILURE_WINDOW, DEFAULT_SIGNATURE_FAILURE_WINDOW);
        defaults.put(PARAM_AUDIT_QUEUE_SIZE, DEFAULT_AUDIT_QUEUE_SIZE);
        defaults.put(PARAM_AUDIT_HISTORY_SIZE, DEFAULT_AUDIT_HISTORY_SIZE);
        DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private Parameters() {
    }

    /** Whether {@code name} is a parameter. */
    public static boolean isKnown(String name) {
        return DEFAULTS.containsKey(name);
    }

    /**
     * The items of a list parameter's value as the filter reads them: split at commas and line
     * breaks, trimmed, blanks dropped; empty for null.
     */
    public static List<String> items(String value) {
        List<String> result = new ArrayList<>();
        if (value != null) {
            for (String item : value.split("[,\\r\\n]+")) {
                if (!item.isBlank()) {
                    result.add(item.trim());
                }
            }
        }
        return Collections.unmodifiableList(result);
    }

    /** The environment variable for a parameter: {@code PERIMETER_JWT_MAX_TOKEN_LENGTH}. */
    public static String environmentName(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
