package dev.perimeter.jwt.config;

import static dev.perimeter.jwt.config.Parameters.*;

import dev.perimeter.jwt.TokenTypes;
import dev.perimeter.jwt.VerifierSettings;
import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.bearer.TokenDecryption;
import dev.perimeter.jwt.csrf.CsrfMode;
import dev.perimeter.jwt.detection.AddressSpreadAction;
import dev.perimeter.jwt.dpop.DpopMode;
import dev.perimeter.jwt.dpop.DpopSettings;
import dev.perimeter.jwt.issuers.FileIssuerSource;
import dev.perimeter.jwt.issuers.IssuerSource;
import dev.perimeter.jwt.issuers.RuntimeIssuers;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.SharedKeyFetching;
import dev.perimeter.jwt.metadata.ResourceMetadata;
import dev.perimeter.jwt.revocation.CredentialMask;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.RevocationStores;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * <p>Each parameter is read through its {@link Parameter} into {@link #get}; the rules here are
 * those a single parameter cannot check alone (warnings about combinations, the key source, the
 * revocation store) and the values derived from several parameters.
 *
 * <p>It holds values only: nothing runs because a configuration exists. The parts that run (key
 * fetching, the revocation store) are started from it by
 * {@link dev.perimeter.jwt.runtime.Perimeter#start}, which owns and closes them.
 */
public final class JwtConfig implements VerifierSettings {

    /** The {@code header} value that reads tokens from the cookie alone. */
    public static final String NO_HEADER = "none";

    private static final Logger LOG = Logger.getLogger(JwtConfig.class.getName());

    /** Every parameter's value but the secret ones, as its {@link Parameter} read it. */
    private final Map<Parameter<?>, Object> values;
    private final Clock clock;
    private final List<String> warnings = new ArrayList<>();
    private final TokenTypes tokenTypes;
    private final TokenProfile profile;
    private final List<String> requiredClaims;
    private final List<String> rolesClaims;
    private final Provider cryptoProvider;
    private final TokenDecryption tokenDecryption;
    private final KeySource keySourceSetInCode;
    private final Supplier<KeySource> keySourceStarter;
    private final String keySettings;
    private final RevocationStore revocationStoreSetInCode;
    private final Supplier<RevocationStore> revocationStoreStarter;
    private final DpopSettings dpopSettings;
    private final IssuerSource issuerSource;
    private final IssuerKeySources issuerKeys;
    private final ResourceMetadata resourceMetadata;

    /** Reads every parameter (first failure wins), then checks the rules in their old order. */
    private JwtConfig(Builder builder, ParameterValues v) {
        this.values = v.withoutSecrets();
        this.clock = builder.clock;
        this.issuerSource = issuerSource(builder.issuerSource);
        this.profile = get(PROFILE);
        this.requiredClaims = withProfile(get(REQUIRED_CLAIMS), TokenProfile.RFC9068_CLAIMS);
        this.rolesClaims = withProfile(get(ROLES_CLAIM), TokenProfile.RFC9068_ROLE_CLAIMS);
        warnWithoutAudience();
        warnWithoutExpiry();
        this.tokenTypes = readTokenTypes();
        requireAudienceForProfile();
        warnAboutCookieWithoutCsrf();
        requirePrincipalClaim();
        checkRealm();
        this.cryptoProvider = CryptoProviders.resolve(get(CRYPTO_PROVIDER), warnings);
        KeySourceFactory keys = new KeySourceFactory(v, algorithms(), issuers(), clock,
                builder.resourceLoader, builder.allowHttpLoopbackKeys, warnings);
        this.keySourceSetInCode = builder.keySource;
        this.tokenDecryption = builder.tokenDecryption;
        this.keySourceStarter = keys.keySource(builder.keySource);
        this.keySettings = builder.keySource != null ? "keys-issuer=(key source set in code)"
                : keys.describe();
        this.issuerKeys = keys.issuerKeys();
        RevocationStore givenStore = builder.revocationStore;
        this.revocationStoreSetInCode = givenStore;
        this.revocationStoreStarter = givenStore != null ? () -> givenStore : revocation();
        this.dpopSettings = readDpop(v);
        checkCookieOnly();
        this.resourceMetadata = readResourceMetadata();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value of {@code parameter} as it reads it: its default when unset, null when it has
     * none.
     *
     * @throws IllegalArgumentException for a {@linkplain Parameter#isSecret() secret} parameter,
     *                                  whose value is not kept
     */
    @SuppressWarnings("unchecked") // values holds what parameter.read answered: a T
    public <T> T get(Parameter<T> parameter) {
        if (parameter.isSecret()) {
            throw new IllegalArgumentException("'" + parameter + "' is a secret; it is not kept");
        }
        return (T) values.get(parameter);
    }

    /** Accepted {@code iss} values, matched exactly. */
    public Set<String> issuers() {
        return get(ISSUER);
    }

    /** Accepted audiences; empty means the audience is not checked. */
    public Set<String> audiences() {
        return get(AUDIENCE);
    }

    public Set<JwsAlgorithm> algorithms() {
        return get(ALGORITHMS);
    }

    /** The decryption given to {@link Builder#tokenDecryption}, or null: tokens are signed only. */
    public TokenDecryption tokenDecryption() {
        return tokenDecryption;
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

    /**
     * Starts the registry of issuers trusted at run time: reads {@code issuers-file} (or the
     * {@link IssuerSource} set in code) once, starting each listed issuer's key source, then polls
     * it every {@code issuers-refresh} seconds. Without a source it starts empty, for issuers added
     * in code. The caller closes it; {@link dev.perimeter.jwt.runtime.Perimeter#start} calls it
     * once.
     *
     * @throws ConfigException naming {@code issuers-file} when the source cannot be read or lists
     *         an issuer that cannot be trusted; nothing keeps running then
     */
    public RuntimeIssuers startIssuers() {
        SharedKeyFetching shared = issuerKeys.share();
        RuntimeIssuers issuers = new RuntimeIssuers(issuers(),
                trusted -> issuerKeys.start(trusted, shared), issuerSource, get(ISSUERS_REFRESH),
                shared);
        try {
            issuers.load();
        } catch (Exception e) {
            issuers.close();
            throw new ConfigException(ISSUERS_FILE.name(), e.getMessage(), e);
        }
        issuers.startPolling();
        return issuers;
    }

    /** Where issuers trusted at run time are listed: {@code issuers-file}, code, or null. */
    public IssuerSource issuerSource() {
        return issuerSource;
    }

    public Duration leeway() {
        return get(LEEWAY);
    }

    /** The maximum age since {@code iat}, or null for none. */
    public Duration maxAge() {
        return get(MAX_AGE);
    }

    public Duration maxAgeLeeway() {
        return get(MAX_AGE_LEEWAY) ? leeway() : Duration.ZERO;
    }

    /** {@code required-claims}, with those of the RFC 9068 profile when it is asked for. */
    public List<String> requiredClaims() {
        return requiredClaims;
    }

    public TokenTypes tokenTypes() {
        return tokenTypes;
    }

    /** The header that carries the token, or null with {@code header=none} (a cookie only). */
    public String header() {
        String header = get(HEADER);
        return NO_HEADER.equalsIgnoreCase(header) ? null : header;
    }

    /** The cookie that carries the token, or null when cookies are not read. */
    public String cookie() {
        return get(COOKIE);
    }

    public CsrfMode csrf() {
        return get(CSRF);
    }

    /** {@code roles-claim}, with the authorization claims of the RFC 9068 profile when asked for. */
    public List<String> rolesClaims() {
        return rolesClaims;
    }

    /** The token profile asked for ({@code profile}). */
    public TokenProfile profile() {
        return profile;
    }

    @Override
    public boolean accessTokenProfile() {
        return profile == TokenProfile.RFC9068;
    }

    public List<String> principalClaims() {
        return get(PRINCIPAL_CLAIM);
    }

    public List<PathPattern> publicPaths() {
        return get(PUBLIC_PATHS);
    }

    public List<AccessRule> rules() {
        return get(RULES);
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
        return get(REVOCATION_SYNC);
    }

    /** The {@code realm} of {@code WWW-Authenticate}, or null. */
    public String realm() {
        return get(REALM);
    }

    public int maxTokenLength() {
        return get(MAX_TOKEN_LENGTH);
    }

    /** How many verified tokens are kept for reuse until they expire; 0 when none are. */
    public int cacheSize() {
        return get(CACHE_SIZE);
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
        return get(TOKEN_ADDRESS_LIMIT);
    }

    /** The window in which {@link #tokenAddressLimit()} distinct addresses are counted. */
    public Duration tokenAddressWindow() {
        return get(TOKEN_ADDRESS_WINDOW);
    }

    /** What happens when a token crosses {@link #tokenAddressLimit()}. */
    public AddressSpreadAction tokenAddressAction() {
        return get(TOKEN_ADDRESS_ACTION);
    }

    /** More bad signatures than this within the window raise one warning event. */
    public int badSignatureLimit() {
        return get(BAD_SIGNATURE_LIMIT);
    }

    /** The window in which bad signatures are counted. */
    public Duration badSignatureWindow() {
        return get(BAD_SIGNATURE_WINDOW);
    }

    /** Signature checks allowed at once; more are refused with 503. 0: no bound. */
    public int signatureConcurrency() {
        return get(SIGNATURE_CONCURRENCY);
    }

    /** Failed signatures an address may send per window before its tokens go unchecked; 0: off. */
    public int signatureFailureLimit() {
        return get(SIGNATURE_FAILURE_LIMIT);
    }

    /** The window of {@link #signatureFailureLimit()}. */
    public Duration signatureFailureWindow() {
        return get(SIGNATURE_FAILURE_WINDOW);
    }

    /** How many audit events may wait for the audit thread; more are dropped and counted. */
    public int auditQueueSize() {
        return get(AUDIT_QUEUE_SIZE);
    }

    /** How many of the latest audit events are kept for reading back; 0 keeps none. */
    public int auditHistorySize() {
        return get(AUDIT_HISTORY_SIZE);
    }

    public Clock clock() {
        return clock;
    }

    /** The {@code dpop*} settings, with {@code leeway}, the provider and the clock they use. */
    public DpopSettings dpopSettings() {
        return dpopSettings;
    }

    /**
     * The protected resource metadata (RFC 9728) to serve and to name in challenges, or null
     * when {@code resource-metadata} is false.
     */
    public ResourceMetadata resourceMetadata() {
        return resourceMetadata;
    }

    /** What {@code certificate-binding} asks of tokens. */
    public CertificateBindingMode certificateBinding() {
        return get(CERTIFICATE_BINDING);
    }

    /** Warnings found while building, already logged once. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * One line describing the effective configuration with the key source and revocation store
     * started from it; holds no key material and no credentials.
     */
    public String summary(KeySource keySource, RevocationStore revocationStore) {
        return "issuer=" + issuers()
                + ", audience=" + (audiences().isEmpty() ? "(not checked)" : audiences())
                + ", algorithms=" + algorithms()
                + ", keys=" + keySource
                + ", " + keySettings
                + ", leeway=" + leeway().getSeconds() + "s"
                + ", max-age=" + (maxAge() == null ? "none" : maxAge().getSeconds() + "s"
                        + (get(MAX_AGE_LEEWAY) ? "" : " (exact)"))
                + ", required-claims=" + requiredClaims()
                + ", profile=" + profile
                + ", token-types=" + tokenTypes
                + ", header=" + (header() == null ? NO_HEADER : header())
                + ", cookie=" + (cookie() == null ? "off" : cookie() + " (csrf " + csrf() + ")")
                + ", roles-claim=" + rolesClaims()
                + ", principal-claim=" + principalClaims()
                + ", public-paths=" + publicPaths()
                + ", rules=" + rules()
                + ", revocation=" + revocationStore.describe()
                + ", realm=" + (realm() == null ? "none" : realm())
                + ", max-token-length=" + maxTokenLength()
                + ", cache-size=" + cacheSize()
                + ", crypto-provider=" + (cryptoProvider == null ? "jdk" : cryptoProvider.getName())
                + ", token-address=" + (tokenAddressAction() == AddressSpreadAction.OFF ? "off"
                        : tokenAddressAction() + " above " + tokenAddressLimit() + " in "
                                + tokenAddressWindow().getSeconds() + "s")
                + ", bad-signature=" + badSignatureLimit() + " in "
                        + badSignatureWindow().getSeconds() + "s"
                + ", signature-concurrency=" + (signatureConcurrency() == 0 ? "unbounded"
                        : signatureConcurrency())
                + ", signature-failures=" + (signatureFailureLimit() == 0 ? "off"
                        : signatureFailureLimit() + " per address in "
                                + signatureFailureWindow().getSeconds() + "s")
                + ", dpop=" + dpopSettings
                + ", certificate-binding=" + certificateBinding()
                + ", resource-metadata=" + (resourceMetadata == null ? "off" : resourceMetadata)
                + ", audit-queue-size=" + auditQueueSize()
                + ", audit-history-size=" + auditHistorySize();
    }

    // Rules that involve more than reading one parameter, run by the constructor in this order.

    /**
     * {@code dpop-url} is required with DPoP: a proof's {@code htu} is compared with this
     * resource's external URL, which a request's own {@code Host} header cannot be trusted to
     * give. Each must be an absolute http(s) URL without query or fragment.
     */
    private DpopSettings readDpop(ParameterValues v) {
        DpopMode mode = get(DPOP);
        List<String> urls = new ArrayList<>();
        for (String url : get(DPOP_URL)) {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            if (DpopSettings.normalizedBase(base) == null) {
                throw new ConfigException(DPOP_URL.name(), "'" + url + "' is not an absolute http"
                        + " or https URL without user, query or fragment");
            }
            urls.add(base);
        }
        if (mode != DpopMode.OFF && urls.isEmpty()) {
            throw new ConfigException(DPOP_URL.name(), "is required with dpop=" + mode + ": the"
                    + " external base URL of this resource (such as https://api.example.com), with"
                    + " which a DPoP proof's htu is compared; the request's Host header is not"
                    + " trusted for it");
        }
        String secret = v.get(DPOP_NONCE_SECRET);
        byte[] secretBytes = null;
        if (secret != null) {
            secretBytes = secret.getBytes(StandardCharsets.UTF_8);
            if (secretBytes.length < 32) {
                throw new ConfigException(DPOP_NONCE_SECRET.name(), "must be at least 32 bytes");
            }
        }
        return new DpopSettings(mode, urls, get(DPOP_ALGORITHMS), get(DPOP_PROOF_AGE), leeway(),
                get(DPOP_REPLAY_CAPACITY), get(DPOP_NONCE), get(DPOP_NONCE_LIFETIME), secretBytes,
                maxTokenLength(), cryptoProvider, clock);
    }

    /**
     * {@code issuers-file} ({@code file:<path>}) or the source set in code, never both; without
     * either, {@code issuer} is required.
     */
    private IssuerSource issuerSource(IssuerSource inCode) {
        String file = get(ISSUERS_FILE);
        if (file != null && inCode != null) {
            throw new ConfigException(ISSUERS_FILE.name(),
                    "cannot be combined with an IssuerSource set in code");
        }
        if (file == null && inCode == null && issuers().isEmpty()) {
            throw new ConfigException(ISSUER.name(), "is required");
        }
        if (file == null) {
            return inCode;
        }
        if (!file.regionMatches(true, 0, "file:", 0, 5) || file.length() == 5) {
            throw new ConfigException(ISSUERS_FILE.name(), "expected a file:<path> location,"
                    + " such as file:/etc/perimeter/issuers.txt");
        }
        try {
            return new FileIssuerSource(Path.of(file.substring(5)).toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ISSUERS_FILE.name(), "is not a valid path: " + e.getMessage());
        }
    }

    /**
     * {@code resource} and what the metadata document says of it. The identifier is checked
     * whenever it is set; the document exists only with {@code resource-metadata=true}, which
     * needs it: a request's {@code Host} header is never trusted to name this resource.
     */
    private ResourceMetadata readResourceMetadata() {
        String resource = get(RESOURCE);
        URI identifier = resource == null ? null : resourceUrl(RESOURCE, resource);
        String documentation = get(RESOURCE_DOCUMENTATION);
        if (documentation != null) {
            resourceUrl(RESOURCE_DOCUMENTATION, documentation);
        }
        List<String> scopes = get(RESOURCE_SCOPES);
        for (String scope : scopes) {
            // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            if (!scope.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                throw new ConfigException(RESOURCE_SCOPES.name(), "'" + scope + "' is not a scope"
                        + " token (printable ASCII without space, quote or backslash)");
            }
        }
        if (!get(RESOURCE_METADATA)) {
            return null;
        }
        if (identifier == null) {
            throw new ConfigException(RESOURCE.name(), "is required with resource-metadata=true:"
                    + " this resource's identifier (such as https://api.example.com), from which"
                    + " the metadata URL is built; the request's Host header is not trusted for it");
        }
        return new ResourceMetadata(identifier, issuers(), scopes, documentation, dpopSettings,
                certificateBinding() == CertificateBindingMode.REQUIRED,
                "Authorization".equalsIgnoreCase(header()));
    }

    /**
     * An absolute https URL with a host and without user, query or fragment (RFC 9728 section
     * 1.2), in printable ASCII without quotes, so that a challenge can quote it as it is; http
     * only for a loopback host, for development.
     */
    private static URI resourceUrl(Parameter<?> parameter, String value) {
        String problem = "'" + value + "' is not an absolute https URL without user, query or"
                + " fragment";
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            throw new ConfigException(parameter.name(), problem);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(parameter.name(), problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !uri.normalize().equals(uri)) {
            throw new ConfigException(parameter.name(), problem);
        }
        if (scheme.equals("http")) {
            if (!isLoopback(uri.getHost())) {
                throw new ConfigException(parameter.name(), "'" + value + "' must use https;"
                        + " http is allowed for a loopback host only, for development");
            }
        } else if (!scheme.equals("https")) {
            throw new ConfigException(parameter.name(), problem);
        }
        return uri;
    }

    /** {@code localhost} or a literal loopback address; a name is never resolved. */
    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void warnWithoutAudience() {
        if (audiences().isEmpty()) {
            warnings.add("Perimeter: no 'audience' configured: tokens minted for other services"
                    + " by the same issuer are accepted");
        }
    }

    private void warnWithoutExpiry() {
        if (!requiredClaims().contains("exp")) {
            warnings.add("Perimeter: 'required-claims' does not include exp: tokens without"
                    + " an expiry are accepted and never expire");
        }
    }

    private TokenTypes readTokenTypes() {
        if (profile == TokenProfile.RFC9068) {
            return TokenTypes.accessTokensOnly(); // section 2.1, whatever token-types says
        }
        List<String> types = get(TOKEN_TYPES);
        if (types.isEmpty()) {
            throw new ConfigException(TOKEN_TYPES.name(), "must accept at least one type");
        }
        return TokenTypes.of(types);
    }

    /** {@code configured}, and with the profile also {@code profileClaims}, without repeats. */
    private List<String> withProfile(List<String> configured, List<String> profileClaims) {
        if (profile != TokenProfile.RFC9068) {
            return configured;
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(configured);
        all.addAll(profileClaims);
        return List.copyOf(all);
    }

    /** RFC 9068 section 4: the resource server must check that the audience is itself. */
    private void requireAudienceForProfile() {
        if (profile == TokenProfile.RFC9068 && audiences().isEmpty()) {
            throw new ConfigException(AUDIENCE.name(), "is required with profile=rfc9068: an"
                    + " access token must name this resource in aud (RFC 9068 section 4)");
        }
    }

    private void warnAboutCookieWithoutCsrf() {
        if (cookie() != null && csrf() == CsrfMode.OFF) {
            warnings.add("Perimeter: 'cookie' is set with 'csrf' off: unsafe requests carrying"
                    + " the cookie are not protected against cross-site request forgery");
        }
    }

    /** {@code header=none}: tokens come in the cookie alone, which must then be named. */
    private void checkCookieOnly() {
        if (header() != null) {
            return;
        }
        if (cookie() == null) {
            throw new ConfigException(HEADER.name(), "is none, so tokens can come only in a"
                    + " cookie: set cookie");
        }
        if (dpopSettings.mode() != DpopMode.OFF) {
            throw new ConfigException(HEADER.name(), "is none, but DPoP tokens come in the"
                    + " Authorization header: set dpop=off or name the header");
        }
    }

    private void requirePrincipalClaim() {
        if (principalClaims().isEmpty()) {
            throw new ConfigException(PRINCIPAL_CLAIM.name(), "must name at least one claim");
        }
    }

    /** The realm is quoted in {@code WWW-Authenticate}. */
    private void checkRealm() {
        String value = realm();
        if (value != null && (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0
                || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw new ConfigException(REALM.name(),
                    "must be printable ASCII without quotes or backslashes");
        }
    }

    /**
     * What starts the store the parameter names. Its kind, driver, DataSource or provider is
     * checked now; it is built and started (a pool, a connection, a provider's own checks)
     * only when the supplier is called, by {@code Perimeter.start}.
     */
    private Supplier<RevocationStore> revocation() {
        String value = get(REVOCATION);
        Supplier<RevocationStore> store = revocationFailure(value,
                () -> RevocationStores.resolve(value,
                        new RevocationSettings(clock, leeway(), revocationSync(), maxAge())));
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
            throw new ConfigException(REVOCATION.name(), e.getMessage(), e);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(REVOCATION.name(), "the store " + CredentialMask.mask(value)
                    + " cannot be set up: " + CredentialMask.mask(String.valueOf(e)), e);
        }
    }

    /** Collects parameters and programmatic parts; {@link #build()} validates them all. */
    public static final class Builder {

        private final Map<String, String> values = new LinkedHashMap<>();
        private KeySource keySource;
        private RevocationStore revocationStore;
        private IssuerSource issuerSource;
        private TokenDecryption tokenDecryption;
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

        /**
         * Sets a parameter to a typed value, written as the text that reads back as it, so it
         * goes through the same placeholders and checks at {@link #build()} as any text; null
         * unsets it.
         */
        public <T> Builder set(Parameter<T> parameter, T value) {
            return set(parameter.name(), value == null ? null : parameter.write(value));
        }

        /** Sets every parameter of {@code parameters}; see {@link #set(String, String)}. */
        public Builder setAll(Map<String, String> parameters) {
            parameters.forEach(this::set);
            return this;
        }

        public Builder issuer(String... issuers) {
            return set(ISSUER.name(), String.join(",", issuers));
        }

        public Builder audience(String... audiences) {
            return set(AUDIENCE.name(), String.join(",", audiences));
        }

        public Builder algorithms(String... algorithms) {
            return set(ALGORITHMS.name(), String.join(",", algorithms));
        }

        /** A PEM public key or certificate, or its location. */
        public Builder publicKey(String pemOrLocation) {
            return set(PUBLIC_KEY.name(), pemOrLocation);
        }

        /** An HMAC secret: its UTF-8 bytes, or {@code base64:…}. */
        public Builder secret(String secret) {
            return set(SECRET.name(), secret);
        }

        /** JWKS locations, comma-separated. */
        public Builder jwks(String locations) {
            return set(JWKS.name(), locations);
        }

        public Builder leeway(Duration leeway) {
            return set(LEEWAY, leeway);
        }

        public Builder rules(String rules) {
            return set(RULES.name(), rules);
        }

        public Builder publicPaths(String patterns) {
            return set(PUBLIC_PATHS.name(), patterns);
        }

        public Builder cookie(String name) {
            return set(COOKIE.name(), name);
        }

        /** Keys from code instead of {@code secret}, {@code public-key} and {@code jwks}. */
        public Builder keySource(KeySource keySource) {
            this.keySource = keySource;
            return this;
        }

        /**
         * How tokens that arrive encrypted are decrypted before they are verified (an entry point
         * such as MicroProfile JWT's {@code mp.jwt.decrypt.*}); unset, tokens are verified as sent.
         */
        public Builder tokenDecryption(TokenDecryption tokenDecryption) {
            this.tokenDecryption = tokenDecryption;
            return this;
        }

        /** A revocation store from code instead of the {@code revocation} parameter. */
        public Builder revocationStore(RevocationStore revocationStore) {
            this.revocationStore = revocationStore;
            return this;
        }

        /**
         * Where issuers trusted at run time are listed (a database table, a tenant registry),
         * instead of {@code issuers-file}; read at start and every {@code issuers-refresh} seconds.
         */
        public Builder issuerSource(IssuerSource issuerSource) {
            this.issuerSource = issuerSource;
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
            JwtConfig config = new JwtConfig(this, new ParameterValues(effective));
            for (String warning : config.warnings) {
                LOG.warning(warning);
            }
            return config;
        }
    }
}
