package dev.perimeter.jwt.config;

import dev.perimeter.jwt.TokenTypes;
import dev.perimeter.jwt.VerifierSettings;
import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.csrf.CsrfMode;
import dev.perimeter.jwt.detection.AddressSpreadAction;
import static dev.perimeter.jwt.config.Parameters.*;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.revocation.CredentialMask;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.RevocationStores;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The complete, validated and immutable configuration of a Perimeter filter or verifier. Built
 * from named parameters (see {@link Parameters} and {@code docs/configuration.md}) by
 * {@link #builder()}; every problem is found at {@link Builder#build()} and reported as a
 * {@link ConfigException} naming the parameter.
 *
 * <p>It holds values only: nothing runs because a configuration exists. The parts that run (key
 * fetching, the revocation store) are started from it by
 * {@link dev.perimeter.jwt.runtime.Perimeter#start}, which owns and closes them.
 */
public final class JwtConfig implements VerifierSettings {

    private static final Logger LOG = Logger.getLogger(JwtConfig.class.getName());

    private final Set<String> issuers;
    private final Set<String> audiences;
    private final Set<JwsAlgorithm> algorithms;
    private final KeySource keySourceSetInCode;
    private final Supplier<KeySource> keySourceStarter;
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
    private final RevocationStore revocationStoreSetInCode;
    private final Supplier<RevocationStore> revocationStoreStarter;
    private final Duration revocationSync;
    private final String realm;
    private final int maxTokenLength;
    private final int cacheSize;
    private final Provider cryptoProvider;
    private final int tokenAddressLimit;
    private final Duration tokenAddressWindow;
    private final AddressSpreadAction tokenAddressAction;
    private final int badSignatureLimit;
    private final Duration badSignatureWindow;
    private final int signatureConcurrency;
    private final int signatureFailureLimit;
    private final Duration signatureFailureWindow;
    private final int auditQueueSize;
    private final int auditHistorySize;
    private final Clock clock;
    private final List<String> warnings;
    private final String keySettings;

    private JwtConfig(Parser p) {
        this.issuers = p.issuers;
        this.audiences = p.audiences;
        this.algorithms = p.algorithms;
        this.keySourceSetInCode = p.keySourceSetInCode;
        this.keySourceStarter = p.keySourceStarter;
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
        this.revocationStoreSetInCode = p.revocationStoreSetInCode;
        this.revocationStoreStarter = p.revocationStoreStarter;
        this.revocationSync = p.revocationSync;
        this.realm = p.realm;
        this.maxTokenLength = p.maxTokenLength;
        this.cacheSize = p.cacheSize;
        this.cryptoProvider = p.cryptoProvider;
        this.tokenAddressLimit = p.tokenAddressLimit;
        this.tokenAddressWindow = p.tokenAddressWindow;
        this.tokenAddressAction = p.tokenAddressAction;
        this.badSignatureLimit = p.badSignatureLimit;
        this.badSignatureWindow = p.badSignatureWindow;
        this.signatureConcurrency = p.signatureConcurrency;
        this.signatureFailureLimit = p.signatureFailureLimit;
        this.signatureFailureWindow = p.signatureFailureWindow;
        this.auditQueueSize = p.auditQueueSize;
        this.auditHistorySize = p.auditHistorySize;
        this.clock = p.clock;
        this.warnings = Collections.unmodifiableList(p.warnings);
        this.keySettings = p.keySettings;
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

    /** The key source given to {@link Builder#keySource}, or null when parameters name the keys. */
    public KeySource keySourceSetInCode() {
        return keySourceSetInCode;
    }

    /**
     * Starts the key source the parameters name (remote key sets are fetched, waiting at most
     * {@code jwks-timeout}), or answers the one set in code. Each call starts a new one, which
     * the caller closes; {@link dev.perimeter.jwt.runtime.Perimeter#start} calls it once.
     */
    public KeySource startKeySource() {
        return keySourceStarter.get();
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

    /** The store given to {@link Builder#revocationStore}, or null when {@code revocation} names it. */
    public RevocationStore revocationStoreSetInCode() {
        return revocationStoreSetInCode;
    }

    /**
     * Builds and starts the store {@code revocation} names (a shared store synchronizes in the
     * background: an unreachable database is not a configuration error, the node answers 503
     * until it has synchronized), or answers the one set in code. Each call starts a new one,
     * which the caller closes.
     *
     * @throws ConfigException naming {@code revocation} when the store cannot be set up
     */
    public RevocationStore startRevocationStore() {
        return revocationStoreStarter.get();
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

    /** How many verified tokens are kept for reuse until they expire; 0 when none are. */
    public int cacheSize() {
        return cacheSize;
    }

    /**
     * The JCA provider preferred for signature checks, or null for the JDK's providers in their
     * configured order. It is used by Perimeter only, never registered in the JVM.
     */
    public Provider cryptoProvider() {
        return cryptoProvider;
    }

    /** More distinct client addresses than this for one token, within the window, is suspect. */
    public int tokenAddressLimit() {
        return tokenAddressLimit;
    }

    /** The window in which {@link #tokenAddressLimit()} distinct addresses are counted. */
    public Duration tokenAddressWindow() {
        return tokenAddressWindow;
    }

    /** What happens when a token crosses {@link #tokenAddressLimit()}. */
    public AddressSpreadAction tokenAddressAction() {
        return tokenAddressAction;
    }

    /** More bad signatures than this within the window raise one warning event. */
    public int badSignatureLimit() {
        return badSignatureLimit;
    }

    /** The window in which bad signatures are counted. */
    public Duration badSignatureWindow() {
        return badSignatureWindow;
    }

    /** Signature checks allowed at once; more are refused with 503. 0: no bound. */
    public int signatureConcurrency() {
        return signatureConcurrency;
    }

    /** Failed signatures an address may send per window before its tokens go unchecked; 0: off. */
    public int signatureFailureLimit() {
        return signatureFailureLimit;
    }

    /** The window of {@link #signatureFailureLimit()}. */
    public Duration signatureFailureWindow() {
        return signatureFailureWindow;
    }

    /** How many audit events may wait for the audit thread; more are dropped and counted. */
    public int auditQueueSize() {
        return auditQueueSize;
    }

    /** How many of the latest audit events are kept for reading back; 0 keeps none. */
    public int auditHistorySize() {
        return auditHistorySize;
    }

    public Clock clock() {
        return clock;
    }

    /** Warnings found while building, already logged once. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * One line describing the effective configuration with the key source and revocation store
     * started from it; holds no key material and no credentials.
     */
    public String summary(KeySource keySource, RevocationStore revocationStore) {
        return "issuer=" + issuers
                + ", audience=" + (audiences.isEmpty() ? "(not checked)" : audiences)
                + ", algorithms=" + algorithms
                + ", keys=" + keySource
                + ", " + keySettings
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
                + ", max-token-length=" + maxTokenLength
                + ", cache-size=" + cacheSize
                + ", crypto-provider=" + (cryptoProvider == null ? "jdk" : cryptoProvider.getName())
                + ", token-address=" + (tokenAddressAction == AddressSpreadAction.OFF ? "off"
                        : tokenAddressAction + " above " + tokenAddressLimit + " in "
                                + tokenAddressWindow.getSeconds() + "s")
                + ", bad-signature=" + badSignatureLimit + " in "
                        + badSignatureWindow.getSeconds() + "s"
                + ", signature-concurrency=" + (signatureConcurrency == 0 ? "unbounded"
                        : signatureConcurrency)
                + ", signature-failures=" + (signatureFailureLimit == 0 ? "off"
                        : signatureFailureLimit + " per address in "
                                + signatureFailureWindow.getSeconds() + "s")
                + ", audit-queue-size=" + auditQueueSize
                + ", audit-history-size=" + auditHistorySize;
    }

    /** Collects parameters and programmatic parts; {@link #build()} validates them all. */
    public static final class Builder {

        private final Map<String, String> values = new LinkedHashMap<>();
        private KeySource keySource;
        private RevocationStore revocationStore;
        private Clock clock = Clock.systemUTC();
        private ResourceLoader resourceLoader = ResourceLoader.standard();
        private boolean allowHttpLoopbackKeys;
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
         * Allows {@code http://} key set and discovery addresses on loopback hosts, as the
         * parameter {@code jwks-allow-http-loopback=true} does (without its start-up warning):
         * for tests against a local server; remote keys otherwise need https.
         */
        public Builder allowHttpLoopbackKeys(boolean allow) {
            this.allowHttpLoopbackKeys = allow;
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
        final ParameterValues v;
        final ResourceLoader resourceLoader;
        final Clock clock;
        final Set<String> issuers;
        final Set<String> audiences;
        final Set<JwsAlgorithm> algorithms;
        final KeySource keySourceSetInCode;
        final Supplier<KeySource> keySourceStarter;
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
        final RevocationStore revocationStoreSetInCode;
        final Supplier<RevocationStore> revocationStoreStarter;
        final String realm;
        final int maxTokenLength;
        final int cacheSize;
        final Provider cryptoProvider;
        final int tokenAddressLimit;
        final Duration tokenAddressWindow;
        final AddressSpreadAction tokenAddressAction;
        final int badSignatureLimit;
        final Duration badSignatureWindow;
        final int signatureConcurrency;
        final int signatureFailureLimit;
        final Duration signatureFailureWindow;
        final int auditQueueSize;
        final int auditHistorySize;
        final String keySettings;

        Parser(Builder builder, Map<String, String> values) {
            this.v = new ParameterValues(values);
            this.resourceLoader = builder.resourceLoader;
            this.clock = builder.clock;
            issuers = v.required(PARAM_ISSUER);
            audiences = new LinkedHashSet<>(v.list(PARAM_AUDIENCE));
            if (audiences.isEmpty()) {
                warnings.add("Perimeter: no 'audience' configured: tokens minted for other services"
                        + " by the same issuer are accepted");
            }
            algorithms = algorithms();
            leeway = v.seconds(PARAM_LEEWAY, 0, 3600);
            maxAge = v.optional(PARAM_MAX_AGE) == null ? null : v.seconds(PARAM_MAX_AGE, 1, 315_360_000);
            requiredClaims = v.list(PARAM_REQUIRED_CLAIMS);
            if (!requiredClaims.contains("exp")) {
                warnings.add("Perimeter: 'required-claims' does not include exp: tokens without"
                        + " an expiry are accepted and never expire");
            }
            tokenTypes = tokenTypes();
            header = v.nonBlank(PARAM_HEADER);
            cookie = v.optional(PARAM_COOKIE);
            csrf = csrf();
            rolesClaims = v.list(PARAM_ROLES_CLAIM);
            principalClaims = v.list(PARAM_PRINCIPAL_CLAIM);
            if (principalClaims.isEmpty()) {
                throw new ConfigException(PARAM_PRINCIPAL_CLAIM, "must name at least one claim");
            }
            publicPaths = publicPaths();
            rules = rules();
            revocationSync = v.seconds(PARAM_REVOCATION_SYNC, 1, 3600);
            realm = realm();
            maxTokenLength = (int) v.number(PARAM_MAX_TOKEN_LENGTH, 64, 1 << 20);
            cacheSize = (int) v.number(PARAM_CACHE_SIZE, 0, 10_000_000);
            cryptoProvider = CryptoProviders.resolve(v.nonBlank(PARAM_CRYPTO_PROVIDER), warnings);
            tokenAddressLimit = (int) v.number(PARAM_TOKEN_ADDRESS_LIMIT, 1, 1000);
            tokenAddressWindow = v.seconds(PARAM_TOKEN_ADDRESS_WINDOW, 1, 86_400);
            tokenAddressAction = tokenAddressAction();
            badSignatureLimit = (int) v.number(PARAM_BAD_SIGNATURE_LIMIT, 1, 1_000_000);
            badSignatureWindow = v.seconds(PARAM_BAD_SIGNATURE_WINDOW, 1, 86_400);
            signatureConcurrency = signatureConcurrency();
            signatureFailureLimit = (int) v.number(PARAM_SIGNATURE_FAILURE_LIMIT, 0, 1_000_000);
            signatureFailureWindow = v.seconds(PARAM_SIGNATURE_FAILURE_WINDOW, 1, 86_400);
            auditQueueSize = (int) v.number(PARAM_AUDIT_QUEUE_SIZE, 16, 1_000_000);
            auditHistorySize = (int) v.number(PARAM_AUDIT_HISTORY_SIZE, 0, 100_000);
            KeySourceFactory keys = new KeySourceFactory(v, algorithms, issuers, clock,
                    resourceLoader, builder.allowHttpLoopbackKeys, warnings);
            keySourceSetInCode = builder.keySource;
            keySourceStarter = keys.keySource(builder.keySource);
            keySettings = builder.keySource != null ? "keys-issuer=(key source set in code)"
                    : keys.describe();
            RevocationStore givenStore = builder.revocationStore;
            revocationStoreSetInCode = givenStore;
            revocationStoreStarter = givenStore != null ? () -> givenStore : revocation();
        }

        private Set<JwsAlgorithm> algorithms() {
            Set<JwsAlgorithm> result = EnumSet.noneOf(JwsAlgorithm.class);
            for (String name : v.list(PARAM_ALGORITHMS)) {
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

        /** {@code auto}: four checks per processor, enough for bursts of new tokens. */
        private int signatureConcurrency() {
            String value = v.nonBlank(PARAM_SIGNATURE_CONCURRENCY);
            if ("auto".equals(value)) {
                return 4 * Runtime.getRuntime().availableProcessors();
            }
            if (!value.matches("[0-9]{1,9}")) {
                throw new ConfigException(PARAM_SIGNATURE_CONCURRENCY,
                        "expected auto or a whole number, got '" + value + "'");
            }
            return (int) v.number(PARAM_SIGNATURE_CONCURRENCY, 0, 100_000);
        }

        private TokenTypes tokenTypes() {
            List<String> types = v.list(PARAM_TOKEN_TYPES);
            if (types.isEmpty()) {
                throw new ConfigException(PARAM_TOKEN_TYPES, "must accept at least one type");
            }
            return TokenTypes.of(types);
        }

        private CsrfMode csrf() {
            CsrfMode mode;
            try {
                mode = CsrfMode.parse(v.raw(PARAM_CSRF));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_CSRF, e.getMessage());
            }
            if (cookie != null && mode == CsrfMode.OFF) {
                warnings.add("Perimeter: 'cookie' is set with 'csrf' off: unsafe requests carrying"
                        + " the cookie are not protected against cross-site request forgery");
            }
            return mode;
        }

        private AddressSpreadAction tokenAddressAction() {
            try {
                return AddressSpreadAction.parse(v.nonBlank(PARAM_TOKEN_ADDRESS_ACTION));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_TOKEN_ADDRESS_ACTION, e.getMessage());
            }
        }

        private List<PathPattern> publicPaths() {
            List<PathPattern> result = new ArrayList<>();
            for (String pattern : v.list(PARAM_PUBLIC_PATHS)) {
                try {
                    result.add(PathPattern.parse(pattern));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(PARAM_PUBLIC_PATHS, e.getMessage());
                }
            }
            return Collections.unmodifiableList(result);
        }

        private List<AccessRule> rules() {
            String text = v.raw(PARAM_RULES);
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
            String value = v.optional(PARAM_REALM);
            if (value != null && (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0
                    || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new ConfigException(PARAM_REALM,
                        "must be printable ASCII without quotes or backslashes");
            }
            return value;
        }

        /**
         * What starts the store the parameter names. Its kind, driver, DataSource or provider is
         * checked now; it is built and started (a pool, a connection, a provider's own checks)
         * only when the supplier is called, by {@code Perimeter.start}.
         */
        private Supplier<RevocationStore> revocation() {
            String value = v.nonBlank(PARAM_REVOCATION);
            Supplier<RevocationStore> store = revocationFailure(value,
                    () -> RevocationStores.resolve(value,
                            new RevocationSettings(clock, leeway, revocationSync, maxAge)));
            if (RevocationStores.MEMORY.equals(value.trim())) {
                warnings.add("Perimeter: revocation is 'memory': revocations are forgotten on"
                        + " restart and not shared between nodes");
            }
            return () -> revocationFailure(value, store);
        }

        /** Runs {@code step}, reporting its failure as a {@link ConfigException} naming {@code revocation}. */
        private static <T> T revocationFailure(String value, Supplier<T> step) {
            try {
                return step.get();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PARAM_REVOCATION, e.getMessage(), e);
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(PARAM_REVOCATION, "the store " + CredentialMask.mask(value)
                        + " cannot be set up: " + CredentialMask.mask(String.valueOf(e)), e);
            }
        }
    }
}
