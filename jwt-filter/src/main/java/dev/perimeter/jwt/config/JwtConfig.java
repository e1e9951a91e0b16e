package dev.perimeter.jwt.config;

import static dev.perimeter.jwt.config.Parameters.*;

import dev.perimeter.jwt.keys.Jwks;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.Keys;
import dev.perimeter.jwt.keys.PemKeys;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The complete, validated and immutable configuration of a Perimeter filter or verifier. Built
 * from named parameters (see {@link Parameters} and {@code docs/configuration.md}) by
 * {@link #builder()}; every problem is found at {@link Builder#build()} and reported as a
 * {@link ConfigException} naming the parameter.
 */
public final class JwtConfig {

    private static final Logger LOG = Logger.getLogger(JwtConfig.class.getName());

    private final Set<String> issuers;
    private final Set<String> audiences;
    private final Set<JwsAlgorithm> algorithms;
    private final KeySource keySource;
    private final Duration leeway;
    private final Duration maxAge;
    private final List<String> requiredClaims;
    private final TokenTypes tokenTypes;
    private final String header;
    private final String cookie;
    private final CsrfMode csrf;
    private final List<String> rolesClaims;
    private final List<String> principalClaims;
    private final List<PathPattern> publicPaths;
    private final List<AccessRule> rules;
    private final RevocationStore revocationStore;
    private final Duration revocationSync;
    private final String realm;
    private final int maxTokenLength;
    private final Clock clock;
    private final List<String> warnings;

    private JwtConfig(Parser p) {
        this.issuers = p.issuers;
        this.audiences = p.audiences;
        this.algorithms = p.algorithms;
        this.keySource = p.keySource;
        this.leeway = p.leeway;
        this.maxAge = p.maxAge;
        this.requiredClaims = p.requiredClaims;
        this.tokenTypes = p.tokenTypes;
        this.header = p.header;
        this.cookie = p.cookie;
        this.csrf = p.csrf;
        this.rolesClaims = p.rolesClaims;
        this.principalClaims = p.principalClaims;
        this.publicPaths = p.publicPaths;
        this.rules = p.rules;
        this.revocationStore = p.revocationStore;
        this.revocationSync = p.revocationSync;
        this.realm = p.realm;
        this.maxTokenLength = p.maxTokenLength;
        this.clock = p.clock;
        this.warnings = Collections.unmodifiableList(p.warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Accepted {@code iss} values, matched exactly. */
    public Set<String> issuers() {
        return issuers;
    }

    /** Accepted audiences; empty means the audience is not checked. */
    public Set<String> audiences() {
        return audiences;
    }

    public Set<JwsAlgorithm> algorithms() {
        return algorithms;
    }

    public KeySource keySource() {
        return keySource;
    }

    public Duration leeway() {
        return leeway;
    }

    /** The maximum age since {@code iat}, or null for none. */
    public Duration maxAge() {
        return maxAge;
    }

    public List<String> requiredClaims() {
        return requiredClaims;
    }

    public TokenTypes tokenTypes() {
        return tokenTypes;
    }

    /** The header that carries {@code Bearer <token>}. */
    public String header() {
        return header;
    }

    /** The cookie that carries the token, or null when cookies are not read. */
    public String cookie() {
        return cookie;
    }

    public CsrfMode csrf() {
        return csrf;
    }

    public List<String> rolesClaims() {
        return rolesClaims;
    }

    public List<String> principalClaims() {
        return principalClaims;
    }

    public List<PathPattern> publicPaths() {
        return publicPaths;
    }

    public List<AccessRule> rules() {
        return rules;
    }

    public RevocationStore revocationStore() {
        return revocationStore;
    }

    public Duration revocationSync() {
        return revocationSync;
    }

    /** The {@code realm} of {@code WWW-Authenticate}, or null. */
    public String realm() {
        return realm;
    }

    public int maxTokenLength() {
        return maxTokenLength;
    }

    public Clock clock() {
        return clock;
    }

    /** Warnings found while building, already logged once. */
    public List<String> warnings() {
        return warnings;
    }

    /** One line describing the effective configuration; holds no key material. */
    public String summary() {
        return "issuer=" + issuers
                + ", audience=" + (audiences.isEmpty() ? "(not checked)" : audiences)
                + ", algorithms=" + algorithms
                + ", keys=" + keySource
                + ", leeway=" + leeway.getSeconds() + "s"
                + ", max-age=" + (maxAge == null ? "none" : maxAge.getSeconds() + "s")
                + ", required-claims=" + requiredClaims
                + ", token-types=" + tokenTypes
                + ", header=" + header
                + ", cookie=" + (cookie == null ? "off" : cookie + " (csrf " + csrf + ")")
                + ", roles-claim=" + rolesClaims
                + ", principal-claim=" + principalClaims
                + ", public-paths=" + publicPaths
                + ", rules=" + rules
                + ", revocation=" + revocationStore.describe()
                + ", realm=" + (realm == null ? "none" : realm)
                + ", max-token-length=" + maxTokenLength;
    }

    /** Collects parameters and programmatic parts; {@link #build()} validates them all. */
    public static final class Builder {

        private final Map<String, String> values = new LinkedHashMap<>();
        private KeySource keySource;
        private RevocationStore revocationStore;
        private Clock clock = Clock.systemUTC();
        private ResourceLoader resourceLoader = ResourceLoader.standard();
        private Placeholders placeholders = Placeholders.system();

        private Builder() {
        }

        /**
         * Sets a parameter by its documented name.
         *
         * @throws ConfigException for an unknown name
         */
        public Builder set(String name, String value) {
            if (!Parameters.isKnown(name)) {
                throw new ConfigException(name, "unknown parameter");
            }
            if (value == null) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
            return this;
        }

        /** Sets every parameter of {@code parameters}; see {@link #set}. */
        public Builder setAll(Map<String, String> parameters) {
            parameters.forEach(this::set);
            return this;
        }

        public Builder issuer(String... issuers) {
            return set(PARAM_ISSUER, String.join(",", issuers));
        }

        public Builder audience(String... audiences) {
            return set(PARAM_AUDIENCE, String.join(",", audiences));
        }

        public Builder algorithms(String... algorithms) {
            return set(PARAM_ALGORITHMS, String.join(",", algorithms));
        }

        /** A PEM public key or certificate, or its location. */
        public Builder publicKey(String pemOrLocation) {
            return set(PARAM_PUBLIC_KEY, pemOrLocation);
        }

        /** An HMAC secret: its UTF-8 bytes, or {@code base64:…}. */
        public Builder secret(String secret) {
            return set(PARAM_SECRET, secret);
        }

        /** JWKS locations, comma-separated. */
        public Builder jwks(String locations) {
            return set(PARAM_JWKS, locations);
        }

        public Builder leeway(Duration leeway) {
            return set(PARAM_LEEWAY, Long.toString(leeway.getSeconds()));
        }

        public Builder rules(String rules) {
            return set(PARAM_RULES, rules);
        }

        public Builder publicPaths(String patterns) {
            return set(PARAM_PUBLIC_PATHS, patterns);
        }

        public Builder cookie(String name) {
            return set(PARAM_COOKIE, name);
        }

        /** Keys from code instead of {@code secret}, {@code public-key} and {@code jwks}. */
        public Builder keySource(KeySource keySource) {
            this.keySource = keySource;
            return this;
        }

        /** A revocation store from code instead of the {@code revocation} parameter. */
        public Builder revocationStore(RevocationStore revocationStore) {
            this.revocationStore = revocationStore;
            return this;
        }

        /** The clock for {@code exp}, {@code nbf}, {@code iat} and {@code max-age}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How locations of key material are read (a web application adds {@code /WEB-INF/}). */
        public Builder resourceLoader(ResourceLoader resourceLoader) {
            this.resourceLoader = resourceLoader;
            return this;
        }

        /**
         * Validates everything and builds the configuration.
         *
         * @throws ConfigException naming the first parameter at fault
         */
        public JwtConfig build() {
            Map<String, String> effective = new LinkedHashMap<>(Parameters.DEFAULTS);
            values.forEach((name, value) -> effective.put(name, placeholders.expand(name, value)));
            JwtConfig config = new JwtConfig(new Parser(this, effective));
            for (String warning : config.warnings) {
                LOG.warning(warning);
            }
            return config;
        }
    }

    /** Turns the effective parameter values into typed settings, one parameter at a time. */
    private static final class Parser {
        final List<String> warnings = new ArrayList<>();
        final Map<String, String> values;
        final ResourceLoader resourceLoader;
        final Clock clock;
        final Set<String> issuers;
        final Set<String> audiences;
        final Set<JwsAlgorithm> algorithms;
        final KeySource keySource;
        final Duration leeway;
        final Duration maxAge;
        final List<String> requiredClaims;
        final TokenTypes tokenTypes;
        final String header;
        final String cookie;
        final CsrfMode csrf;
        final List<String> rolesClaims;
        final List<String> principalClaims;
        final List<PathPattern> publicPaths;
        final List<AccessRule> rules;
        final Duration revocationSync;
        final RevocationStore revocationStore;
        final String realm;
        final int maxTokenLength;

        Parser(Builder builder, Map<String, String> values) {
            this.values = values;
            this.resourceLoader = builder.resourceLoader;
            this.clock = builder.clock;
            issuers = required(PARAM_ISSUER);
            audiences = new LinkedHashSet<>(list(PARAM_AUDIENCE));
            if (audiences.isEmpty()) {
                warnings.add("Perimeter: no 'audience' configured: tokens minted for other services"
                        + " by the same issuer are accepted");
            }
            algorithms = algorithms();
            leeway = seconds(PARAM_LEEWAY, 0, 3600);
            maxAge = optional(PARAM_MAX_AGE) == null ? null : seconds(PARAM_MAX_AGE, 1, 315_360_000);
            requiredClaims = list(PARAM_REQUIRED_CLAIMS);
            if (!requiredClaims.contains("exp")) {
                warnings.add("Perimeter: 'required-claims' does not include exp: tokens without"
                        + " an expiry are accepted and never expire");
            }
            tokenTypes = tokenTypes();
            header = nonBlank(PARAM_HEADER);
            cookie = optional(PARAM_COOKIE);
            csrf = csrf();
            rolesClaims = list(PARAM_ROLES_CLAIM);
            principalClaims = list(PARAM_PRINCIPAL_CLAIM);
            if (principalClaims.isEmpty()) {
                throw new ConfigException(PARAM_PRINCIPAL_CLAIM, "must name at least one claim");
            }
            publicPaths = publicPaths();
            rules = rules();
            seconds(PARAM_JWKS_REFRESH, 1, 86_400);
            seconds(PARAM_JWKS_MIN_REFETCH, 0, 86_400);
            if (bool(PARAM_OIDC_DISCOVERY)) {
                throw new ConfigException(PARAM_OIDC_DISCOVERY,
                        "OpenID Connect discovery is not available in this version");
            }
            revocationSync = seconds(PARAM_REVOCATION_SYNC, 1, 3600);
            realm = realm();
            maxTokenLength = (int) number(PARAM_MAX_TOKEN_LENGTH, 64, 1 << 20);
            keySource = builder.keySource != null ? programmaticKeys(builder.keySource) : staticKeys();
            revocationStore = builder.revocationStore != null ? builder.revocationStore : revocation();
        }

        private Set<JwsAlgorithm> algorithms() {
            Set<JwsAlgorithm> result = EnumSet.noneOf(JwsAlgorithm.class);
            for (String name : list(PARAM_ALGORITHMS)) {
                JwsAlgorithm algorithm = JwsAlgorithm.byName(name);
                if (algorithm == null) {
                    throw new ConfigException(PARAM_ALGORITHMS, "unknown algorithm '" + name
                            + "'; supported: HS256/384/512, RS256/384/512, PS256/384/512,"
                            + " ES256/384/512, EdDSA");
                }
                result.add(algorithm);
            }
            if (result.isEmpty()) {
                throw new ConfigException(PARAM_ALGORITHMS, "must allow at least one algorithm");
            }
            return Collections.unmodifiableSet(result);
        }

        private TokenTypes tokenTypes() {
            List<String> types = list(PARAM_TOKEN_TYPES);
            if (types.isEmpty()) {
                throw new ConfigException(PARAM_TOKEN_TYPES, "must accept at least one type");
            }
            return TokenTypes.of(types);
        }

        private CsrfMode csrf() {
            CsrfMode mode;
            try {
                mode = CsrfMode.parse(values.get(PARAM_CSRF));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_CSRF, e.getMessage());
            }
            if (cookie != null && mode == CsrfMode.OFF) {
                warnings.add("Perimeter: 'cookie' is set with 'csrf' off: unsafe requests carrying"
                        + " the cookie are not protected against cross-site request forgery");
            }
            return mode;
        }

        private List<PathPattern> publicPaths() {
            List<PathPattern> result = new ArrayList<>();
            for (String pattern : list(PARAM_PUBLIC_PATHS)) {
                try {
                    result.add(PathPattern.parse(pattern));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(PARAM_PUBLIC_PATHS, e.getMessage());
                }
            }
            return Collections.unmodifiableList(result);
        }

        private List<AccessRule> rules() {
            String text = values.get(PARAM_RULES);
            List<AccessRule> result = new ArrayList<>();
            if (text != null) {
                for (String line : text.split("[;\\r\\n]+")) {
                    if (!line.isBlank()) {
                        try {
                            result.add(AccessRule.parse(line));
                        } catch (IllegalArgumentException e) {
                            throw new ConfigException(PARAM_RULES, e.getMessage());
                        }
                    }
                }
            }
            return Collections.unmodifiableList(result);
        }

        private String realm() {
            String value = optional(PARAM_REALM);
            if (value != null && (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0
                    || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new ConfigException(PARAM_REALM,
                        "must be printable ASCII without quotes or backslashes");
            }
            return value;
        }

        private KeySource programmaticKeys(KeySource source) {
            for (String name : List.of(PARAM_SECRET, PARAM_PUBLIC_KEY, PARAM_JWKS)) {
                if (values.get(name) != null) {
                    throw new ConfigException(name, "cannot be combined with a KeySource set in code");
                }
            }
            return source;
        }

        private KeySource staticKeys() {
            List<VerificationKey> keys = new ArrayList<>();
            String secret = values.get(PARAM_SECRET);
            if (secret != null) {
                keys.add(secretKey(secret));
            }
            String publicKey = optional(PARAM_PUBLIC_KEY);
            if (publicKey != null) {
                keys.add(publicKey(publicKey));
            }
            for (String location : list(PARAM_JWKS)) {
                keys.addAll(jwks(location));
            }
            if (keys.isEmpty()) {
                throw new ConfigException(PARAM_PUBLIC_KEY,
                        "no verification key configured; set 'public-key', 'secret' or 'jwks'");
            }
            try {
                return new StaticKeySource(KeySet.of(keys));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_JWKS, e.getMessage());
            }
        }

        private VerificationKey secretKey(String secret) {
            byte[] bytes;
            if (secret.startsWith("base64:")) {
                bytes = decodeBase64(secret.substring("base64:".length()).trim());
            } else {
                bytes = secret.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Keys.secret(bytes, algorithms, PARAM_SECRET);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_SECRET, e.getMessage());
            }
        }

        /** Standard or URL-safe base64, padding optional; any other character is refused. */
        private static byte[] decodeBase64(String text) {
            String standard = text.replace('-', '+').replace('_', '/');
            if (!standard.matches("[A-Za-z0-9+/]*={0,2}")) {
                throw new ConfigException(PARAM_SECRET, "the base64: value is not valid base64");
            }
            try {
                return Base64.getDecoder().decode(standard);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_SECRET, "the base64: value is not valid base64");
            }
        }

        private VerificationKey publicKey(String value) {
            String origin = PemKeys.looksLikePem(value) ? "public-key (inline)" : "public-key " + value;
            try {
                String pem = PemKeys.looksLikePem(value) ? value
                        : new String(load(PARAM_PUBLIC_KEY, value), StandardCharsets.US_ASCII);
                return Keys.publicKey(PemKeys.parsePublicKey(pem), algorithms, origin);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_PUBLIC_KEY, e.getMessage());
            }
        }

        private List<VerificationKey> jwks(String location) {
            if (location.startsWith("https:") || location.startsWith("http:")) {
                throw new ConfigException(PARAM_JWKS,
                        "remote key sets (" + location + ") are not available in this version;"
                                + " use file:, classpath: or /WEB-INF/…");
            }
            try {
                List<VerificationKey> keys = Jwks.parseSet(load(PARAM_JWKS, location), algorithms,
                        null, "jwks " + location, why -> LOG.info("Perimeter: " + location
                                + ": skipped " + why));
                if (keys.isEmpty()) {
                    throw new ConfigException(PARAM_JWKS, location
                            + " holds no key usable for verifying with " + algorithms);
                }
                return keys;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_JWKS, location + ": " + e.getMessage());
            }
        }

        private byte[] load(String parameter, String location) {
            if (!ResourceLoader.isLocation(location)) {
                throw new ConfigException(parameter,
                        "expected PEM text or a file:, classpath: or /WEB-INF/… location");
            }
            try {
                return resourceLoader.load(location);
            } catch (IOException e) {
                throw new ConfigException(parameter, "cannot read " + location + ": " + e.getMessage());
            }
        }

        private RevocationStore revocation() {
            String value = nonBlank(PARAM_REVOCATION);
            if (!"memory".equals(value)) {
                throw new ConfigException(PARAM_REVOCATION, "only 'memory' is available in this"
                        + " version; shared stores (jdbc:, jndi:, redis://) come in a later one");
            }
            warnings.add("Perimeter: revocation is 'memory': revocations are forgotten on restart"
                    + " and not shared between nodes");
            return new MemoryRevocationStore(clock, leeway);
        }

        // --- value helpers ---

        private String optional(String name) {
            String value = values.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        private String nonBlank(String name) {
            String value = optional(name);
            if (value == null) {
                throw new ConfigException(name, "must not be empty");
            }
            return value;
        }

        private Set<String> required(String name) {
            List<String> list = list(name);
            if (list.isEmpty()) {
                throw new ConfigException(name, "is required");
            }
            return Collections.unmodifiableSet(new LinkedHashSet<>(list));
        }

        private List<String> list(String name) {
            String value = values.get(name);
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

        private Duration seconds(String name, long min, long max) {
            return Duration.ofSeconds(number(name, min, max));
        }

        private long number(String name, long min, long max) {
            String value = nonBlank(name);
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "expected a whole number, got '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw new ConfigException(name, "must be between " + min + " and " + max);
            }
            return parsed;
        }

        private boolean bool(String name) {
            String value = nonBlank(name).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new ConfigException(name, "expected true or false");
            }
            return value.equals("true");
        }
    }
}
