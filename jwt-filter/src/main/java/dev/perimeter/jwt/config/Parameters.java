package dev.perimeter.jwt.config;

import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.csrf.CsrfMode;
import dev.perimeter.jwt.detection.AddressSpreadAction;
import dev.perimeter.jwt.dpop.DpopMode;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every configuration parameter, each declared once as a {@link Parameter} (name, default, how it
 * is read, its range). {@code docs/configuration.md} lists the same in the same order, and a test
 * keeps the two equal. Rules that involve several parameters are {@link JwtConfig}'s.
 */
public final class Parameters {

    /** The declarations below, in their order; {@link #declare} adds each. */
    private static final List<Parameter<?>> DECLARED = new ArrayList<>();

    // Documentation order: docs/configuration.md has one row per parameter, in this order.

    public static final Parameter<Set<String>> ISSUER = declare(Parameter.set("issuer", null,
            "Accepted iss values, matched exactly."));
    public static final Parameter<Set<String>> AUDIENCE = declare(Parameter.set("audience", null,
            "Accepted audiences; unset, aud is not checked."));
    public static final Parameter<Set<JwsAlgorithm>> ALGORITHMS = declare(Parameter.custom(
            "algorithms", "RS256", Parameters::algorithms, Parameters::algorithmNames,
            "Allowed JWS alg values."));
    public static final Parameter<String> PUBLIC_KEY = declare(Parameter.optionalText("public-key",
            "One PEM public key or certificate, inline or as a location."));
    public static final Parameter<String> SECRET = declare(Parameter.secretText("secret",
            "HMAC secret: UTF-8 bytes as given, or base64:..."));
    public static final Parameter<List<String>> JWKS = declare(Parameter.list("jwks", null,
            "JSON Web Key Set locations or URLs, each optionally bound to an issuer."));
    public static final Parameter<String> KEYS_ISSUER = declare(Parameter.optionalText(
            "keys-issuer", "The issuer that keys configured without one vouch for, or *."));
    public static final Parameter<String> OIDC_DISCOVERY = declare(Parameter.text(
            "oidc-discovery", "false",
            "Which issuers' keys are found by OpenID Connect discovery."));
    public static final Parameter<String> ISSUERS_FILE = declare(Parameter.optionalText(
            "issuers-file", "A file listing issuers trusted at run time, re-read while running."));
    public static final Parameter<Duration> ISSUERS_REFRESH = declare(Parameter.seconds(
            "issuers-refresh", "10", 1, 3600, "Seconds between reads of issuers-file."));
    public static final Parameter<Duration> JWKS_REFRESH = declare(Parameter.seconds(
            "jwks-refresh", "600", 1, 86_400, "Seconds between refreshes of remote key sets."));
    public static final Parameter<Duration> JWKS_MIN_REFETCH = declare(Parameter.seconds(
            "jwks-min-refetch", "30", 0, 86_400,
            "Minimum seconds between fetches of one key set for an unknown kid."));
    public static final Parameter<Duration> JWKS_TIMEOUT = declare(Parameter.seconds(
            "jwks-timeout", "5", 1, 60, "Seconds a key set or discovery fetch may take."));
    public static final Parameter<Duration> JWKS_RETENTION = declare(Parameter.seconds(
            "jwks-retention", "86400", 60, 30L * 86_400,
            "Seconds the last good remote key set stays in use during an outage."));
    public static final Parameter<String> JWKS_TRUST_STORE = declare(Parameter.optionalText(
            "jwks-trust-store", "The trust store of key set and discovery fetches only."));
    public static final Parameter<String> JWKS_TRUST_STORE_PASSWORD = declare(Parameter.secretText(
            "jwks-trust-store-password", "The password of a PKCS#12 or JKS jwks-trust-store."));
    public static final Parameter<Boolean> JWKS_ALLOW_HTTP_LOOPBACK = declare(Parameter.bool(
            "jwks-allow-http-loopback", "false",
            "Allows http:// key addresses on loopback hosts, for development."));
    public static final Parameter<Duration> LEEWAY = declare(Parameter.seconds("leeway", "30", 0,
            3600, "Seconds of clock skew allowed for exp, nbf, iat and max-age."));
    public static final Parameter<Duration> MAX_AGE = declare(Parameter.optionalSeconds("max-age",
            1, 315_360_000, "Maximum seconds since iat; unset, no age limit."));
    public static final Parameter<Boolean> MAX_AGE_LEEWAY = declare(Parameter.bool(
            "max-age-leeway", "true", "Whether leeway also applies to max-age."));
    public static final Parameter<List<String>> REQUIRED_CLAIMS = declare(Parameter.list(
            "required-claims", "exp", "Claims that must be present and not null."));
    public static final Parameter<List<String>> TOKEN_TYPES = declare(Parameter.list(
            "token-types", "JWT, at+jwt, absent",
            "Accepted typ header values; absent admits tokens without one."));
    public static final Parameter<TokenProfile> PROFILE = declare(Parameter.choice("profile",
            "none", TokenProfile::parse,
            "The token profile expected: none, or rfc9068 (JWT access tokens, RFC 9068)."));
    public static final Parameter<String> HEADER = declare(Parameter.text("header",
            "Authorization", "The request header that carries Bearer <token>."));
    public static final Parameter<String> COOKIE = declare(Parameter.optionalText("cookie",
            "A cookie that also carries the token; unset, cookies are not read."));
    public static final Parameter<CsrfMode> CSRF = declare(Parameter.parsed("csrf",
            "double-submit", CsrfMode::parse,
            "How a cookie-carried token proves an unsafe request was meant."));
    public static final Parameter<List<String>> ROLES_CLAIM = declare(Parameter.list(
            "roles-claim", "groups", "Claim paths that hold roles, merged."));
    public static final Parameter<List<String>> PRINCIPAL_CLAIM = declare(Parameter.list(
            "principal-claim", "upn, preferred_username, sub",
            "Claims tried in order for the principal name."));
    public static final Parameter<List<PathPattern>> PUBLIC_PATHS = declare(Parameter.listOf(
            "public-paths", null, PathPattern::parse, "Path patterns that never need a token."));
    public static final Parameter<List<AccessRule>> RULES = declare(Parameter.custom("rules",
            null, Parameters::rules, Parameters::ruleLines,
            "Access rules, separated by ; or line breaks."));
    public static final Parameter<AuthenticationMode> AUTHENTICATION = declare(Parameter.choice(
            "authentication", "filter", AuthenticationMode::parse,
            "Who authenticates: the servlet filter, or the container (jwt-authentication)."));
    public static final Parameter<String> REVOCATION = declare(Parameter.text("revocation",
            "memory", "Where revoked tokens and subjects are kept."));
    public static final Parameter<Duration> REVOCATION_SYNC = declare(Parameter.seconds(
            "revocation-sync", "2", 1, 3600, "Seconds between polls or checks of a shared store."));
    public static final Parameter<String> REALM = declare(Parameter.optionalText("realm",
            "The realm of WWW-Authenticate challenges."));
    public static final Parameter<String> RESOURCE = declare(Parameter.optionalText("resource",
            "This resource's identifier (RFC 9728): an https URL; needed with resource-metadata."));
    public static final Parameter<Boolean> RESOURCE_METADATA = declare(Parameter.bool(
            "resource-metadata", "false",
            "Serves the protected resource metadata (RFC 9728) and names it in every challenge."));
    public static final Parameter<List<String>> RESOURCE_SCOPES = declare(Parameter.list(
            "resource-scopes", null, "The scopes_supported of the metadata document."));
    public static final Parameter<String> RESOURCE_DOCUMENTATION = declare(Parameter.optionalText(
            "resource-documentation", "The resource_documentation URL of the metadata document."));
    public static final Parameter<Integer> MAX_TOKEN_LENGTH = declare(Parameter.wholeNumber(
            "max-token-length", "8192", 64, 1 << 20,
            "Longer tokens are rejected before any decoding."));
    public static final Parameter<Integer> CACHE_SIZE = declare(Parameter.wholeNumber(
            "cache-size", "10000", 0, 10_000_000, "How many verified tokens are kept for reuse."));
    public static final Parameter<String> CRYPTO_PROVIDER = declare(Parameter.text(
            "crypto-provider", "auto", "The JCA provider preferred for signature checks."));
    public static final Parameter<Integer> TOKEN_ADDRESS_LIMIT = declare(Parameter.wholeNumber(
            "token-address-limit", "3", 1, 1000,
            "More distinct addresses than this for one token, within the window, is suspect."));
    public static final Parameter<Duration> TOKEN_ADDRESS_WINDOW = declare(Parameter.seconds(
            "token-address-window", "300", 1, 86_400,
            "Seconds in which the distinct addresses of one token are counted."));
    public static final Parameter<AddressSpreadAction> TOKEN_ADDRESS_ACTION = declare(
            Parameter.choice("token-address-action", "log", AddressSpreadAction::parse,
                    "What a token crossing token-address-limit causes."));
    public static final Parameter<Integer> BAD_SIGNATURE_LIMIT = declare(Parameter.wholeNumber(
            "bad-signature-limit", "20", 1, 1_000_000,
            "More bad signatures than this within the window raise a warning event."));
    public static final Parameter<Duration> BAD_SIGNATURE_WINDOW = declare(Parameter.seconds(
            "bad-signature-window", "60", 1, 86_400,
            "Seconds of the window in which bad signatures are counted."));
    /** {@code auto}: four checks per processor, enough for bursts of new tokens. */
    public static final Parameter<Integer> SIGNATURE_CONCURRENCY = declare(Parameter.wholeNumberOr(
            "signature-concurrency", "auto", "auto",
            () -> 4 * Runtime.getRuntime().availableProcessors(), 0, 100_000,
            "Signature checks of suspect callers allowed at once: auto, 0 (none) or a number."));
    public static final Parameter<Integer> SIGNATURE_FAILURE_LIMIT = declare(Parameter.wholeNumber(
            "signature-failure-limit", "20", 0, 1_000_000,
            "Invalid signatures one address may send per window; 0: off."));
    public static final Parameter<Duration> SIGNATURE_FAILURE_WINDOW = declare(Parameter.seconds(
            "signature-failure-window", "60", 1, 86_400,
            "Seconds of the window of signature-failure-limit."));
    public static final Parameter<DpopMode> DPOP = declare(Parameter.choice("dpop", "off",
            DpopMode::parse, "DPoP-bound tokens (RFC 9449): off, allowed beside bearer, or required."));
    public static final Parameter<List<String>> DPOP_URL = declare(Parameter.list("dpop-url", null,
            "This resource's external base URLs, which a proof's htu must name; needed with dpop."));
    public static final Parameter<Set<JwsAlgorithm>> DPOP_ALGORITHMS = declare(Parameter.custom(
            "dpop-algorithms", "ES256, ES384, PS256, RS256, EdDSA", Parameters::dpopAlgorithms,
            Parameters::algorithmNames, "Asymmetric algorithms a DPoP proof may be signed with."));
    public static final Parameter<Duration> DPOP_PROOF_AGE = declare(Parameter.seconds(
            "dpop-proof-age", "60", 1, 600,
            "Seconds a DPoP proof is accepted after its iat (before it: leeway)."));
    public static final Parameter<Integer> DPOP_REPLAY_CAPACITY = declare(Parameter.wholeNumber(
            "dpop-replay-capacity", "100000", 100, 10_000_000,
            "Proofs this node remembers within dpop-proof-age; beyond it, 503."));
    public static final Parameter<Boolean> DPOP_NONCE = declare(Parameter.bool("dpop-nonce",
            "false", "Whether proofs must carry a server nonce (RFC 9449 section 9)."));
    public static final Parameter<Duration> DPOP_NONCE_LIFETIME = declare(Parameter.seconds(
            "dpop-nonce-lifetime", "300", 10, 86_400,
            "Seconds between nonce rotations; a nonce is accepted for two of them."));
    public static final Parameter<String> DPOP_NONCE_SECRET = declare(Parameter.secretText(
            "dpop-nonce-secret", "Key of the nonces, shared by every node; unset, one per node."));
    public static final Parameter<CertificateBindingMode> CERTIFICATE_BINDING = declare(
            Parameter.choice("certificate-binding", "checked", CertificateBindingMode::parse,
                    "Certificate-bound tokens (RFC 8705): checked when bound, or required."));
    public static final Parameter<Integer> AUDIT_QUEUE_SIZE = declare(Parameter.wholeNumber(
            "audit-queue-size", "10000", 16, 1_000_000,
            "How many audit events may wait for the audit thread."));
    public static final Parameter<Integer> AUDIT_HISTORY_SIZE = declare(Parameter.wholeNumber(
            "audit-history-size", "1000", 0, 100_000,
            "How many of the latest audit events are kept for reading back."));

    /** Every parameter, in documentation order. */
    public static final List<Parameter<?>> ALL = List.copyOf(DECLARED);

    /** Prefix of system properties and context parameters. */
    public static final String PROPERTY_PREFIX = "perimeter.jwt.";
    /** Prefix of environment variables. */
    public static final String ENV_PREFIX = "PERIMETER_JWT_";

    /** Every parameter name, in documentation order, with its default (null: none). */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Parameter<?> parameter : ALL) {
            defaults.put(parameter.name(), parameter.defaultValue());
        }
        DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private Parameters() {
    }

    private static <T> Parameter<T> declare(Parameter<T> parameter) {
        for (Parameter<?> declared : DECLARED) {
            if (declared.name().equals(parameter.name())) {
                throw new IllegalStateException("parameter " + parameter + " is declared twice");
            }
        }
        DECLARED.add(parameter);
        return parameter;
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

    private static Set<JwsAlgorithm> algorithms(String text) {
        Set<JwsAlgorithm> result = EnumSet.noneOf(JwsAlgorithm.class);
        for (String name : items(text)) {
            JwsAlgorithm algorithm = JwsAlgorithm.byName(name);
            if (algorithm == null) {
                throw new ConfigException(ALGORITHMS.name(), "unknown algorithm '" + name
                        + "'; supported: HS256/384/512, RS256/384/512, PS256/384/512,"
                        + " ES256/384/512, EdDSA");
            }
            result.add(algorithm);
        }
        if (result.isEmpty()) {
            throw new ConfigException(ALGORITHMS.name(), "must allow at least one algorithm");
        }
        return Collections.unmodifiableSet(result);
    }

    private static Set<JwsAlgorithm> dpopAlgorithms(String text) {
        Set<JwsAlgorithm> result = EnumSet.noneOf(JwsAlgorithm.class);
        for (String name : items(text)) {
            JwsAlgorithm algorithm = JwsAlgorithm.byName(name);
            if (algorithm == null || algorithm.isSymmetric()) {
                throw new ConfigException(DPOP_ALGORITHMS.name(), "'" + name + "' is not an"
                        + " asymmetric JWS algorithm; supported: RS256/384/512, PS256/384/512,"
                        + " ES256/384/512, EdDSA");
            }
            result.add(algorithm);
        }
        if (result.isEmpty()) {
            throw new ConfigException(DPOP_ALGORITHMS.name(), "must allow at least one algorithm");
        }
        return Collections.unmodifiableSet(result);
    }

    private static String algorithmNames(Set<JwsAlgorithm> algorithms) {
        return algorithms.stream().map(JwsAlgorithm::name).collect(Collectors.joining(", "));
    }

    /**
     * Rules are separated by {@code ;} or line breaks, since a rule's methods hold commas; an
     * {@code acr=} or {@code max-age=} segment belongs to the rule before it.
     */
    private static List<AccessRule> rules(String text) {
        List<AccessRule> result = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("[;\\r\\n]+")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (AccessRule.isStepUpSegment(line)) {
                        // acr= and max-age= continue the rule before them
                        if (result.isEmpty()) {
                            throw new IllegalArgumentException("'" + line.trim()
                                    + "' comes before any rule; it belongs after the rule it restricts");
                        }
                        result.set(result.size() - 1, result.get(result.size() - 1).withStepUp(line));
                    } else {
                        result.add(AccessRule.parse(line));
                    }
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(RULES.name(), e.getMessage());
                }
            }
        }
        return Collections.unmodifiableList(result);
    }

    private static String ruleLines(List<AccessRule> rules) {
        return rules.stream().map(AccessRule::toString).collect(Collectors.joining("; "));
    }
}
