package dev.perimeter.jwt.config;

import static dev.perimeter.jwt.config.Parameters.*;

import dev.perimeter.jwt.keys.Jwks;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.Keys;
import dev.perimeter.jwt.keys.PemKeys;
import dev.perimeter.jwt.keys.RemoteKeySource;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Builds the filter's {@link KeySource} from {@code secret}, {@code public-key}, {@code jwks},
 * {@code keys-issuer} and {@code oidc-discovery}. Every key vouches for the issuer it is bound
 * to: a {@code jwks} entry's own, else {@code keys-issuer}, else the only accepted issuer; with
 * several issuers a key bound to none fails the start, and {@code keys-issuer=*} lets keys of
 * the configuration vouch for every issuer on purpose. Keys fetched from a URL or by discovery
 * always vouch for one issuer. An issuer whose keys are given here is never discovered.
 */
final class KeySourceFactory {

    private static final Logger LOG = Logger.getLogger(KeySourceFactory.class.getName());
    /** {@code keys-issuer} value for keys that vouch for every accepted issuer. */
    static final String EVERY_ISSUER = "*";
    /** {@code <issuer>=<location>}, for an issuer that is a URL but not an accepted one. */
    private static final Pattern URL_ISSUER_FORM =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^=\\s]+)=((?:https?:|file:|classpath:|/).*)");

    private final ParameterValues v;
    private final Set<JwsAlgorithm> algorithms;
    private final Set<String> issuers;
    private final Clock clock;
    private final ResourceLoader resourceLoader;
    private final boolean allowHttpLoopback;
    private final List<String> warnings;
    /** Issuers whose keys the configuration gives (never discovered). */
    private final Set<String> issuersWithGivenKeys = new LinkedHashSet<>();
    private final Set<String> discovered = new LinkedHashSet<>();
    /** The TLS context of key fetches, built once by {@link #keySource}; null for the JVM's. */
    private SSLContext tls;
    /** What keys without an issuer of their own vouch for: an issuer, or null for every issuer. */
    private String unboundKeysIssuer;
    /** Whether such keys would vouch for none (several issuers, no keys-issuer): a start failure. */
    private boolean unboundKeysLeftOpen;

    KeySourceFactory(ParameterValues v, Set<JwsAlgorithm> algorithms, Set<String> issuers,
            Clock clock, ResourceLoader resourceLoader, boolean allowHttpLoopbackInCode,
            List<String> warnings) {
        this.v = v;
        this.algorithms = algorithms;
        this.issuers = issuers;
        this.clock = clock;
        this.resourceLoader = resourceLoader;
        this.warnings = warnings;
        boolean parameter = v.get(JWKS_ALLOW_HTTP_LOOPBACK);
        if (parameter) {
            warnings.add("Perimeter: 'jwks-allow-http-loopback' is true: key sets and discovery"
                    + " documents are fetched over plain http from loopback hosts (127.0.0.0/8,"
                    + " ::1, localhost); for development only");
        }
        this.allowHttpLoopback = allowHttpLoopbackInCode || parameter;
    }

    /**
     * What starts the key source: {@code programmatic} when set in code, else one built from the
     * parameters, whose keys given at start are read and checked now; remote sources begin
     * fetching only when it is called.
     */
    Supplier<KeySource> keySource(KeySource programmatic) {
        tls = KeyFetchTrustStore.sslContext(v, resourceLoader);
        RemoteKeySource.Builder remote = remoteBuilder();
        String discovery = v.get(OIDC_DISCOVERY);
        if (issuers.isEmpty()) {
            return noFixedIssuer(programmatic, discovery);
        }
        if (programmatic != null) {
            for (Parameter<?> keyParameter : List.of(SECRET, PUBLIC_KEY, JWKS, KEYS_ISSUER)) {
                if (v.raw(keyParameter) != null) {
                    throw new ConfigException(keyParameter.name(),
                            "cannot be combined with a KeySource set in code");
                }
            }
            if (!discovery.equalsIgnoreCase("false")) {
                throw new ConfigException(OIDC_DISCOVERY.name(),
                        "cannot be combined with a KeySource set in code");
            }
            return () -> programmatic;
        }
        unboundKeysIssuer = unboundKeysIssuer();
        List<VerificationKey> fixed = new ArrayList<>();
        String secret = v.get(SECRET);
        if (secret != null) {
            fixed.add(secretKey(secret, unboundIssuer(SECRET, null)));
        }
        String publicKey = v.get(PUBLIC_KEY);
        if (publicKey != null) {
            fixed.add(publicKey(publicKey, unboundIssuer(PUBLIC_KEY, null)));
        }
        for (String entry : v.get(JWKS)) {
            jwksEntry(entry, fixed, remote);
        }
        for (String issuer : discoveryIssuers(discovery)) {
            addRemote(OIDC_DISCOVERY, "discovery of issuer '" + issuer + "'",
                    () -> remote.discovery(issuer));
            discovered.add(issuer);
        }
        if (fixed.isEmpty() && remote.isEmpty()) {
            throw new ConfigException(PUBLIC_KEY.name(), "no verification key configured;"
                    + " set 'public-key', 'secret' or 'jwks', or 'oidc-discovery=true'");
        }
        KeySet fixedKeys;
        try {
            fixedKeys = KeySet.of(fixed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(JWKS.name(), e.getMessage());
        }
        if (remote.isEmpty()) {
            KeySource fixedSource = new StaticKeySource(fixedKeys);
            return () -> fixedSource;
        }
        return () -> remote.build(fixedKeys);
    }

    /** A builder of remote key sources with the {@code jwks-*} settings; after {@link #keySource}. */
    private RemoteKeySource.Builder remoteBuilder() {
        return RemoteKeySource.builder(algorithms, clock)
                .refresh(v.get(JWKS_REFRESH))
                .minRefetch(v.get(JWKS_MIN_REFETCH))
                .timeout(v.get(JWKS_TIMEOUT))
                .retention(v.get(JWKS_RETENTION))
                .tls(tls)
                .allowHttpLoopback(allowHttpLoopback);
    }

    /**
     * What starts the key sources of issuers trusted at run time, with the {@code jwks-*}
     * settings read now (it keeps no secret); after {@link #keySource}.
     */
    IssuerKeySources issuerKeys() {
        return new IssuerKeySources(algorithms, clock, v.get(JWKS_REFRESH), v.get(JWKS_MIN_REFETCH),
                v.get(JWKS_TIMEOUT), v.get(JWKS_RETENTION), tls, allowHttpLoopback);
    }

    /**
     * Without fixed issuers (only issuers trusted at run time) no key may be configured: it would
     * vouch for no token.
     */
    private Supplier<KeySource> noFixedIssuer(KeySource programmatic, String discovery) {
        for (Parameter<?> keyParameter : List.of(SECRET, PUBLIC_KEY, JWKS, KEYS_ISSUER)) {
            if (v.raw(keyParameter) != null) {
                throw new ConfigException(ISSUER.name(), "is required with '" + keyParameter
                        + "': the keys configured vouch for the issuers it names");
            }
        }
        if (!discovery.equalsIgnoreCase("false")) {
            throw new ConfigException(ISSUER.name(), "is required with 'oidc-discovery'");
        }
        KeySource keys = programmatic != null ? programmatic : new StaticKeySource(KeySet.of(List.of()));
        return () -> keys;
    }

    /** The key settings for the summary line; after {@link #keySource}. */
    String describe() {
        return "keys-issuer=" + (v.get(KEYS_ISSUER) == null ? "(unset)" : v.get(KEYS_ISSUER))
                + ", oidc-discovery=" + discovered
                + ", jwks-trust-store=" + KeyFetchTrustStore.describe(v)
                + (v.get(JWKS_TRUST_STORE_PASSWORD) == null ? "" : " (password set)")
                + ", jwks-allow-http-loopback=" + allowHttpLoopback;
    }

    /** {@code keys-issuer}: an accepted issuer, {@code *} (null: every issuer), or unset. */
    private String unboundKeysIssuer() {
        String value = v.get(KEYS_ISSUER);
        if (value == null) {
            unboundKeysLeftOpen = issuers.size() > 1;
            return null;
        }
        if (value.equals(EVERY_ISSUER)) {
            return null;
        }
        if (!issuers.contains(value)) {
            throw new ConfigException(KEYS_ISSUER.name(), "names '" + value
                    + "', which 'issuer' does not accept; give one of " + issuers
                    + ", or * for every issuer");
        }
        return value;
    }

    /**
     * The issuer that keys of {@code parameter} without an issuer of their own vouch for.
     *
     * @throws ConfigException naming {@code jwks} for an entry at {@code location}, else
     *                         {@code keys-issuer}, when several issuers leave that open
     */
    private String unboundIssuer(Parameter<?> parameter, String location) {
        if (unboundKeysLeftOpen) {
            if (location != null) {
                throw new ConfigException(JWKS.name(), "with several issuers " + issuers
                        + ", name the issuer that the keys of " + location + " vouch for:"
                        + " <issuer>=" + location + " (or set keys-issuer)");
            }
            throw new ConfigException(KEYS_ISSUER.name(), "with several issuers " + issuers
                    + ", the keys of '" + parameter + "' must be bound to one: set"
                    + " keys-issuer=<issuer>, or keys-issuer=* to let them vouch for every issuer");
        }
        String issuer = unboundKeysIssuer;
        if (issuer != null) {
            issuersWithGivenKeys.add(issuer);
        } else if (issuers.size() == 1 && v.get(KEYS_ISSUER) == null) {
            issuersWithGivenKeys.addAll(issuers);
        }
        return issuer;
    }

    /** One entry: {@code <location>}, {@code <issuer>=<location>} or {@code <issuer> <location>}. */
    private void jwksEntry(String entry, List<VerificationKey> fixed, RemoteKeySource.Builder remote) {
        String[] parts = entry.trim().split("\\s+");
        if (parts.length > 2) {
            throw new ConfigException(JWKS.name(), "entry '" + entry + "' is neither '<location>'"
                    + " nor '<issuer>=<location>' nor '<issuer> <location>'");
        }
        String issuer;
        String location;
        if (parts.length == 2) {
            issuer = parts[0];
            location = parts[1];
        } else {
            issuer = boundIssuer(parts[0]);
            location = issuer == null ? parts[0] : parts[0].substring(issuer.length() + 1);
        }
        if (issuer != null && !issuers.contains(issuer)) {
            throw new ConfigException(JWKS.name(), "entry names issuer '" + issuer
                    + "', which 'issuer' does not accept");
        }
        boolean isRemote = location.regionMatches(true, 0, "https:", 0, 6)
                || location.regionMatches(true, 0, "http:", 0, 5);
        if (issuer == null && isRemote && !unboundKeysLeftOpen && unboundKeysIssuer == null
                && issuers.size() > 1) {
            throw new ConfigException(JWKS.name(), "the keys fetched from " + location
                    + " vouch for one issuer only; write the entry as <issuer>=" + location
                    + " (keys-issuer=* applies to keys read at start only)");
        }
        String boundTo = issuer != null ? issuer : unboundIssuer(JWKS, location);
        if (issuer != null) {
            issuersWithGivenKeys.add(issuer);
        }
        if (isRemote) {
            String remoteIssuer = boundTo != null ? boundTo : issuers.iterator().next();
            addRemote(JWKS, "entry '" + entry.trim() + "'",
                    () -> remote.jwks(URI.create(location), remoteIssuer));
        } else {
            fixed.addAll(localJwks(location, boundTo));
        }
    }

    /** The accepted issuer an entry {@code <issuer>=<location>} names, or null for a bare location. */
    private String boundIssuer(String entry) {
        String longest = null;
        for (String issuer : issuers) {
            if (entry.startsWith(issuer + "=") && entry.length() > issuer.length() + 1
                    && (longest == null || issuer.length() > longest.length())) {
                longest = issuer;
            }
        }
        if (longest != null) {
            return longest;
        }
        Matcher unknown = URL_ISSUER_FORM.matcher(entry);
        if (unknown.matches()) {
            throw new ConfigException(JWKS.name(), "entry names issuer '" + unknown.group(1)
                    + "', which 'issuer' does not accept");
        }
        return null;
    }

    /**
     * The issuers {@code oidc-discovery} asks to discover: {@code true} every issuer whose keys
     * are not given otherwise, {@code false} none, or a list of issuers.
     */
    private Set<String> discoveryIssuers(String value) {
        Set<String> result = new LinkedHashSet<>();
        if (value.equalsIgnoreCase("false")) {
            return result;
        }
        if (value.equalsIgnoreCase("true")) {
            for (String issuer : issuers) {
                if (!issuersWithGivenKeys.contains(issuer)) {
                    result.add(issuer);
                }
            }
            if (result.isEmpty()) {
                warnings.add("Perimeter: 'oidc-discovery' is true, but every issuer has its keys"
                        + " given by 'jwks', 'public-key' or 'secret': nothing is discovered");
            } else if (!issuersWithGivenKeys.isEmpty()) {
                LOG.info("Perimeter: discovering the keys of " + result + "; not of "
                        + issuersWithGivenKeys + ", whose keys are given");
            }
            return result;
        }
        for (String issuer : items(v.raw(OIDC_DISCOVERY))) {
            if (!issuers.contains(issuer)) {
                throw new ConfigException(OIDC_DISCOVERY.name(), "names '" + issuer
                        + "', which 'issuer' does not accept; expected true, false or accepted issuers");
            }
            if (issuersWithGivenKeys.contains(issuer)) {
                throw new ConfigException(OIDC_DISCOVERY.name(), "names '" + issuer
                        + "', whose keys are given by 'jwks', 'public-key' or 'secret'; an issuer"
                        + " with given keys is never discovered");
            }
            result.add(issuer);
        }
        return result;
    }

    private static void addRemote(Parameter<?> parameter, String what, Runnable add) {
        try {
            add.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(parameter.name(), what + ": " + e.getMessage());
        }
    }

    private VerificationKey secretKey(String secret, String issuer) {
        byte[] bytes = secret.startsWith("base64:")
                ? decodeBase64(secret.substring("base64:".length()).trim())
                : secret.getBytes(StandardCharsets.UTF_8);
        try {
            return Keys.secret(bytes, algorithms, SECRET.name()).boundTo(issuer);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SECRET.name(), e.getMessage());
        }
    }

    /** Standard or URL-safe base64, padding optional; any other character is refused. */
    private static byte[] decodeBase64(String text) {
        String standard = text.replace('-', '+').replace('_', '/');
        if (!standard.matches("[A-Za-z0-9+/]*={0,2}")) {
            throw new ConfigException(SECRET.name(), "the base64: value is not valid base64");
        }
        try {
            return Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SECRET.name(), "the base64: value is not valid base64");
        }
    }

    private VerificationKey publicKey(String value, String issuer) {
        boolean inline = PemKeys.looksLikePem(value);
        String origin = inline ? "public-key (inline)" : "public-key " + value;
        try {
            String pem = inline ? value
                    : new String(load(PUBLIC_KEY, value), StandardCharsets.US_ASCII);
            return Keys.publicKey(PemKeys.parsePublicKey(pem), algorithms, origin).boundTo(issuer);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PUBLIC_KEY.name(), e.getMessage());
        }
    }

    private List<VerificationKey> localJwks(String location, String issuer) {
        try {
            List<VerificationKey> keys = Jwks.parseSet(load(JWKS, location), algorithms,
                    issuer, "jwks " + location,
                    why -> LOG.info("Perimeter: " + location + ": skipped " + why));
            if (keys.isEmpty()) {
                throw new ConfigException(JWKS.name(), location
                        + " holds no key usable for verifying with " + algorithms);
            }
            return keys;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(JWKS.name(), location + ": " + e.getMessage());
        }
    }

    private byte[] load(Parameter<?> parameter, String location) {
        if (!ResourceLoader.isLocation(location)) {
            throw new ConfigException(parameter.name(),
                    "expected PEM text or a file:, classpath: or /WEB-INF/… location");
        }
        try {
            return resourceLoader.load(location);
        } catch (IOException e) {
            throw new ConfigException(parameter.name(),
                    "cannot read " + location + ": " + e.getMessage());
        }
    }
}
