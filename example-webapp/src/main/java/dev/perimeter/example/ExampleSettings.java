package dev.perimeter.example;

import dev.perimeter.example.db.DatabaseUrls;
import dev.perimeter.example.keys.SigningAlgorithm;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The example application's settings, read once at start-up and then fixed. For a setting
 * {@code x} the first source that has it wins: the system property {@code perimeter.example.x},
 * the environment variable {@code PERIMETER_EXAMPLE_X} ({@code -} becomes {@code _}), the
 * context-param {@code perimeter.example.x}, the default. An unknown name under either prefix, or
 * an invalid value, fails the start with a {@link SettingException} that names the setting.
 * {@code docs/example.md} lists them all.
 */
public final class ExampleSettings {

    /** Prefix of the settings' system properties and context-params. */
    public static final String PROPERTY_PREFIX = "perimeter.example.";
    /** Prefix of the settings' environment variables. */
    public static final String ENV_PREFIX = "PERIMETER_EXAMPLE_";

    public static final String PORT = "port";
    public static final String HOST = "host";
    public static final String DATA_DIR = "data-dir";
    public static final String ISSUER = "issuer";
    public static final String AUDIENCE = "audience";
    public static final String SIGNING_KEY = "signing-key";
    public static final String SIGNING_KID = "signing-kid";
    public static final String SIGNING_ALG = "signing-alg";
    public static final String ACCESS_TTL = "access-ttl";
    public static final String REFRESH_TTL = "refresh-ttl";
    public static final String DATABASE = "database";
    public static final String SECURE_COOKIES = "secure-cookies";
    public static final String LOGIN_ADDRESS_FAILURES = "login-address-failures";
    public static final String LOGIN_CONCURRENCY = "login-concurrency";

    public static final String DEFAULT_PORT = "8080";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final String DEFAULT_AUDIENCE = "perimeter-example";
    public static final String DEFAULT_SIGNING_ALG = "RS256";
    public static final String DEFAULT_ACCESS_TTL = "300";
    public static final String DEFAULT_REFRESH_TTL = "86400";
    public static final String DEFAULT_SECURE_COOKIES = "auto";
    public static final String DEFAULT_LOGIN_ADDRESS_FAILURES = "20";

    /** Every setting, with its default; null where the default is computed or absent. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(PORT, DEFAULT_PORT);
        defaults.put(HOST, DEFAULT_HOST);
        defaults.put(DATA_DIR, DEFAULT_DATA_DIR);
        defaults.put(ISSUER, null);               // http://localhost:<port>
        defaults.put(AUDIENCE, DEFAULT_AUDIENCE);
        defaults.put(SIGNING_KEY, null);          // generated and kept in the data directory
        defaults.put(SIGNING_KID, null);          // the key's RFC 7638 thumbprint
        defaults.put(SIGNING_ALG, DEFAULT_SIGNING_ALG);
        defaults.put(ACCESS_TTL, DEFAULT_ACCESS_TTL);
        defaults.put(REFRESH_TTL, DEFAULT_REFRESH_TTL);
        defaults.put(DATABASE, null);             // H2 in the data directory
        defaults.put(SECURE_COOKIES, DEFAULT_SECURE_COOKIES);
        defaults.put(LOGIN_ADDRESS_FAILURES, DEFAULT_LOGIN_ADDRESS_FAILURES);
        defaults.put(LOGIN_CONCURRENCY, null);    // the processors, at least 2
        DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final int port;
    private final String host;
    private final Path dataDirectory;
    private final String issuer;
    private final String audience;
    private final String signingKey;
    private final String signingKid;
    private final SigningAlgorithm signingAlgorithm;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final String database;
    private final Boolean secureCookies;
    private final int loginAddressFailures;
    private final int loginConcurrency;

    private ExampleSettings(Function<String, String> raw) {
        port = (int) number(PORT, raw.apply(PORT), 0, 65535);
        host = nonBlank(HOST, raw.apply(HOST));
        dataDirectory = path(DATA_DIR, raw.apply(DATA_DIR));
        String issuerValue = raw.apply(ISSUER);
        issuer = issuerValue == null ? "http://localhost:" + port : nonBlank(ISSUER, issuerValue);
        audience = nonBlank(AUDIENCE, raw.apply(AUDIENCE));
        String key = raw.apply(SIGNING_KEY);
        signingKey = key == null ? null : nonBlank(SIGNING_KEY, key);
        String kid = raw.apply(SIGNING_KID);
        if (kid != null && !KID.matcher(kid.trim()).matches()) {
            throw new SettingException(SIGNING_KID, "1 to 64 characters from A-Z, a-z, 0-9, '.',"
                    + " '_' and '-'");
        }
        signingKid = kid == null ? null : kid.trim();
        signingAlgorithm = algorithm(raw.apply(SIGNING_ALG));
        accessTtl = Duration.ofSeconds(number(ACCESS_TTL, raw.apply(ACCESS_TTL), 5, 86_400));
        refreshTtl = Duration.ofSeconds(number(REFRESH_TTL, raw.apply(REFRESH_TTL), 60,
                31_536_000));
        String url = raw.apply(DATABASE);
        database = url == null ? h2In(dataDirectory) : jdbcUrl(url);
        secureCookies = secureCookies(raw.apply(SECURE_COOKIES));
        loginAddressFailures = (int) number(LOGIN_ADDRESS_FAILURES,
                raw.apply(LOGIN_ADDRESS_FAILURES), 1, 100_000);
        String concurrency = raw.apply(LOGIN_CONCURRENCY);
        loginConcurrency = concurrency == null
                ? Math.max(2, Runtime.getRuntime().availableProcessors())
                : (int) number(LOGIN_CONCURRENCY, concurrency, 1, 1024);
    }

    /**
     * Reads the settings from their sources.
     *
     * @param systemProperties the JVM's system properties
     * @param environment      the process environment
     * @param contextParameter the servlet context's init parameters (context-params) by name;
     *                         returns null for absent ones
     * @throws SettingException naming the first unknown or invalid setting
     */
    public static ExampleSettings from(Map<String, String> systemProperties,
            Map<String, String> environment, Function<String, String> contextParameter,
            Iterable<String> contextParameterNames) {
        for (String name : systemProperties.keySet()) {
            if (name.startsWith(PROPERTY_PREFIX) && !isKnown(name.substring(PROPERTY_PREFIX.length()))) {
                throw new SettingException(name, "unknown setting (system property)");
            }
        }
        for (String name : environment.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !DEFAULTS.keySet().stream()
                    .map(ExampleSettings::environmentName).anyMatch(name::equals)) {
                throw new SettingException(name, "unknown setting (environment variable)");
            }
        }
        for (String name : contextParameterNames) {
            if (name.startsWith(PROPERTY_PREFIX) && !isKnown(name.substring(PROPERTY_PREFIX.length()))) {
                throw new SettingException(name, "unknown setting (context-param)");
            }
        }
        return new ExampleSettings(name -> {
            String value = systemProperties.get(PROPERTY_PREFIX + name);
            if (value == null) {
                value = environment.get(environmentName(name));
            }
            if (value == null) {
                value = contextParameter.apply(PROPERTY_PREFIX + name);
            }
            return value != null ? value : DEFAULTS.get(name);
        });
    }

    /** Whether {@code name} (without prefix) is a setting. */
    public static boolean isKnown(String name) {
        return DEFAULTS.containsKey(name);
    }

    /** The environment variable of a setting: {@code PERIMETER_EXAMPLE_DATA_DIR}. */
    public static String environmentName(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The port the embedded launcher listens on; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** The address the embedded launcher binds. */
    public String host() {
        return host;
    }

    /** Where keys, the JWKS file and the H2 database live; absolute. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The {@code iss} of the tokens this application issues. */
    public String issuer() {
        return issuer;
    }

    /** The {@code aud} of the tokens this application issues. */
    public String audience() {
        return audience;
    }

    /** The configured signing key: inline PKCS#8 PEM or {@code file:/path}; null to generate one. */
    public String signingKey() {
        return signingKey;
    }

    /** The configured {@code kid}, or null for the key's thumbprint. */
    public String signingKid() {
        return signingKid;
    }

    /** The algorithm of the signing key. */
    public SigningAlgorithm signingAlgorithm() {
        return signingAlgorithm;
    }

    /** How long access tokens live. */
    public Duration accessTtl() {
        return accessTtl;
    }

    /** How long a login lasts: refresh tokens of a family expire this long after the login. */
    public Duration refreshTtl() {
        return refreshTtl;
    }

    /** The JDBC URL of the application's database (users, keys, refresh tokens). */
    public String database() {
        return database;
    }

    /** True or false when configured; null: Secure only on requests that came over https. */
    public Boolean secureCookies() {
        return secureCookies;
    }

    /** Failed logins from one address, across user names, before that address must wait. */
    public int loginAddressFailures() {
        return loginAddressFailures;
    }

    /** Password checks at once, at most; more concurrent logins are answered 429. */
    public int loginConcurrency() {
        return loginConcurrency;
    }

    /**
     * The default database: H2 in file mode inside the data directory. The application closes it
     * when it stops (the last connection closing closes it), not H2's own shutdown hook, which
     * would race with the container's stopping the application.
     */
    public static String h2In(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.resolve("perimeter").toString().replace('\\', '/')
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static String nonBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new SettingException(name, "must not be empty");
        }
        return value.trim();
    }

    private static long number(String name, String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(nonBlank(name, value));
        } catch (NumberFormatException e) {
            throw new SettingException(name, "expected a whole number, got '" + value + "'");
        }
        if (number < min || number > max) {
            throw new SettingException(name, "must be from " + min + " to " + max + ", got " + number);
        }
        return number;
    }

    private static Path path(String name, String value) {
        try {
            return Path.of(nonBlank(name, value)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SettingException(name, "not a valid path: " + e.getMessage());
        }
    }

    private static SigningAlgorithm algorithm(String value) {
        try {
            return SigningAlgorithm.valueOf(nonBlank(SIGNING_ALG, value));
        } catch (IllegalArgumentException e) {
            throw new SettingException(SIGNING_ALG, "expected RS256 or ES256, got '" + value + "'");
        }
    }

    private static String jdbcUrl(String value) {
        String url = nonBlank(DATABASE, value);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new SettingException(DATABASE, "expected a jdbc:h2: or jdbc:postgresql: URL");
        }
        return url;
    }

    private static Boolean secureCookies(String value) {
        switch (nonBlank(SECURE_COOKIES, value).toLowerCase(Locale.ROOT)) {
            case "auto":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                throw new SettingException(SECURE_COOKIES, "expected auto, true or false, got '"
                        + value + "'");
        }
    }

    /** One line for the start-up log: no key material, no database password. */
    public String summary() {
        return "issuer=" + issuer + ", audience=" + audience + ", data-dir=" + dataDirectory
                + ", signing-alg=" + signingAlgorithm
                + ", signing-key=" + (signingKey == null ? "generated" : "configured")
                + ", signing-kid=" + (signingKid == null ? "thumbprint" : signingKid)
                + ", access-ttl=" + accessTtl.getSeconds() + "s"
                + ", refresh-ttl=" + refreshTtl.getSeconds() + "s"
                + ", database=" + DatabaseUrls.mask(database)
                + ", secure-cookies=" + (secureCookies == null ? "auto" : secureCookies)
                + ", login-address-failures=" + loginAddressFailures
                + ", login-concurrency=" + loginConcurrency;
    }
}
