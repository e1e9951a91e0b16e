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
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Builds the filter's {@link KeySource} from {@code secret}, {@code public-key}, {@code jwks} and
 * {@code oidc-discovery}: fixed keys serve every accepted issuer unless a {@code jwks} entry names
 * one; remote keys are bound to the issuer they are fetched for.
 */
final class KeySourceFactory {

    private static final Logger LOG = Logger.getLogger(KeySourceFactory.class.getName());

    private final ParameterValues v;
    private final Set<JwsAlgorithm> algorithms;
    private final Set<String> issuers;
    private final Clock clock;
    private final ResourceLoader resourceLoader;
    private final boolean allowHttpLoopback;

    KeySourceFactory(ParameterValues v, Set<JwsAlgorithm> algorithms, Set<String> issuers,
            Clock clock, ResourceLoader resourceLoader, boolean allowHttpLoopback) {
        this.v = v;
        this.algorithms = algorithms;
        this.issuers = issuers;
        this.clock = clock;
        this.resourceLoader = resourceLoader;
        this.allowHttpLoopback = allowHttpLoopback;
    }

    /** The key source: {@code programmatic} when set in code, else one built from parameters. */
    KeySource keySource(KeySource programmatic) {
        RemoteKeySource.Builder remote = RemoteKeySource.builder(algorithms, clock)
                .refresh(v.seconds(PARAM_JWKS_REFRESH, 1, 86_400))
                .minRefetch(v.seconds(PARAM_JWKS_MIN_REFETCH, 0, 86_400))
                .timeout(v.seconds(PARAM_JWKS_TIMEOUT, 1, 60))
                .retention(v.seconds(PARAM_JWKS_RETENTION, 60, 30L * 86_400))
                .allowHttpLoopback(allowHttpLoopback);
        boolean discovery = v.bool(PARAM_OIDC_DISCOVERY);
        if (programmatic != null) {
            for (String name : List.of(PARAM_SECRET, PARAM_PUBLIC_KEY, PARAM_JWKS)) {
                if (v.raw(name) != null) {
                    throw new ConfigException(name, "cannot be combined with a KeySource set in code");
                }
            }
            if (discovery) {
                throw new ConfigException(PARAM_OIDC_DISCOVERY,
                        "cannot be combined with a KeySource set in code");
            }
            return programmatic;
        }
        List<VerificationKey> fixed = new ArrayList<>();
        String secret = v.raw(PARAM_SECRET);
        if (secret != null) {
            fixed.add(secretKey(secret));
        }
        String publicKey = v.optional(PARAM_PUBLIC_KEY);
        if (publicKey != null) {
            fixed.add(publicKey(publicKey));
        }
        for (String entry : v.list(PARAM_JWKS)) {
            jwksEntry(entry, fixed, remote);
        }
        if (discovery) {
            for (String issuer : issuers) {
                addRemote(PARAM_OIDC_DISCOVERY, () -> remote.discovery(issuer));
            }
        }
        if (fixed.isEmpty() && remote.isEmpty()) {
            throw new ConfigException(PARAM_PUBLIC_KEY, "no verification key configured;"
                    + " set 'public-key', 'secret' or 'jwks', or 'oidc-discovery=true'");
        }
        KeySet fixedKeys;
        try {
            fixedKeys = KeySet.of(fixed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PARAM_JWKS, e.getMessage());
        }
        return remote.isEmpty() ? new StaticKeySource(fixedKeys) : remote.build(fixedKeys);
    }

    /** {@code location} or {@code <issuer> <location>}: the keys then vouch only for that issuer. */
    private void jwksEntry(String entry, List<VerificationKey> fixed, RemoteKeySource.Builder remote) {
        String[] parts = entry.trim().split("\\s+");
        if (parts.length > 2) {
            throw new ConfigException(PARAM_JWKS, "entry '" + entry
                    + "' is neither '<location>' nor '<issuer> <location>'");
        }
        String issuer = parts.length == 2 ? parts[0] : null;
        String location = parts[parts.length - 1];
        if (issuer != null && !issuers.contains(issuer)) {
            throw new ConfigException(PARAM_JWKS, "entry names issuer '" + issuer
                    + "', which 'issuer' does not accept");
        }
        if (location.regionMatches(true, 0, "https:", 0, 6)
                || location.regionMatches(true, 0, "http:", 0, 5)) {
            String boundTo = issuer != null ? issuer : onlyIssuer(location);
            addRemote(PARAM_JWKS, () -> remote.jwks(URI.create(location), boundTo));
        } else {
            fixed.addAll(localJwks(location, issuer));
        }
    }

    /** A remote key set must vouch for one issuer; with several, the entry must say which. */
    private String onlyIssuer(String location) {
        if (issuers.size() != 1) {
            throw new ConfigException(PARAM_JWKS, "with several issuers, name the issuer of "
                    + location + " as '<issuer> " + location + "'");
        }
        return issuers.iterator().next();
    }

    private static void addRemote(String parameter, Runnable add) {
        try {
            add.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(parameter, e.getMessage());
        }
    }

    private VerificationKey secretKey(String secret) {
        byte[] bytes = secret.startsWith("base64:")
                ? decodeBase64(secret.substring("base64:".length()).trim())
                : secret.getBytes(StandardCharsets.UTF_8);
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
        boolean inline = PemKeys.looksLikePem(value);
        String origin = inline ? "public-key (inline)" : "public-key " + value;
        try {
            String pem = inline ? value
                    : new String(load(PARAM_PUBLIC_KEY, value), StandardCharsets.US_ASCII);
            return Keys.publicKey(PemKeys.parsePublicKey(pem), algorithms, origin);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PARAM_PUBLIC_KEY, e.getMessage());
        }
    }

    private List<VerificationKey> localJwks(String location, String issuer) {
        try {
            List<VerificationKey> keys = Jwks.parseSet(load(PARAM_JWKS, location), algorithms,
                    issuer, "jwks " + location,
                    why -> LOG.info("Perimeter: " + location + ": skipped " + why));
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
}
