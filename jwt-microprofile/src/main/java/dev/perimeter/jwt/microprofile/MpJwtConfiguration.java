package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.config.Parameter;
import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import dev.perimeter.jwt.microprofile.jwe.JweDecryptor;
import dev.perimeter.jwt.microprofile.jwe.JweRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.config.Names;

/**
 * Maps an application's {@code mp.jwt.*} settings onto Perimeter's configuration, so that every
 * Perimeter check (canonical encoding, strict JSON, one algorithm per key, {@code exp} required,
 * revocation) applies to a MicroProfile JWT application as to any other. Perimeter parameters
 * the mapping sets are owned by it: setting one of those also as a Perimeter parameter fails
 * deployment; the others (revocation, cache, DPoP, detection…) are read as for the filter.
 */
final class MpJwtConfiguration {

    /** MicroProfile JWT's default cookie name with {@code mp.jwt.token.header=Cookie}. */
    static final String DEFAULT_COOKIE = "Bearer";
    /** MicroProfile JWT's default clock skew, in seconds. */
    static final String DEFAULT_CLOCK_SKEW = "60";
    static final String DEFAULT_ALGORITHM = "RS256";
    /** Claims MicroProfile JWT requires beside a name (upn, preferred_username or sub). */
    static final String REQUIRED_CLAIMS = "exp, iat, iss";

    /** Perimeter parameters that mp.jwt.* settings decide. */
    static final List<Parameter<?>> MAPPED = List.of(Parameters.ISSUER, Parameters.AUDIENCE,
            Parameters.ALGORITHMS, Parameters.PUBLIC_KEY, Parameters.SECRET, Parameters.JWKS,
            Parameters.KEYS_ISSUER, Parameters.HEADER, Parameters.COOKIE, Parameters.LEEWAY,
            Parameters.MAX_AGE, Parameters.MAX_AGE_LEEWAY, Parameters.REQUIRED_CLAIMS);

    private static final Logger LOG = Logger.getLogger(MpJwtConfiguration.class.getName());

    private final SettingsSource settings;
    private final KeyLocations locations;

    MpJwtConfiguration(SettingsSource settings, KeyLocations locations) {
        this.settings = settings;
        this.locations = locations;
    }

    /**
     * The builder of the application's configuration: {@code perimeterParameters} (its own
     * Perimeter parameters) with the mp.jwt.* settings mapped over them.
     *
     * @throws ConfigException naming the mp.jwt.* setting (or Perimeter parameter) at fault
     */
    JwtConfig.Builder builder(Map<String, String> perimeterParameters) {
        for (Parameter<?> mapped : MAPPED) {
            if (perimeterParameters.containsKey(mapped.name())) {
                throw new ConfigException(mapped.name(), "is decided by the mp.jwt.* settings in a"
                        + " MicroProfile JWT application; remove it");
            }
        }
        JwtConfig.Builder builder = JwtConfig.builder().setAll(perimeterParameters);
        String issuer = required(Names.ISSUER,
                "Perimeter accepts tokens only from a configured issuer");
        builder.set(Parameters.ISSUER.name(), issuer);
        String audiences = settings.get(Names.AUDIENCES);
        if (audiences != null) {
            builder.set(Parameters.AUDIENCE.name(), audiences);
        }
        Set<JwsAlgorithm> algorithm = algorithm();
        builder.set(Parameters.ALGORITHMS.name(), algorithm.iterator().next().name());
        keys(builder, issuer, algorithm);
        transport(builder);
        builder.set(Parameters.LEEWAY.name(), seconds(Names.CLOCK_SKEW, DEFAULT_CLOCK_SKEW));
        if (settings.get(Names.TOKEN_AGE) != null) {
            builder.set(Parameters.MAX_AGE.name(), seconds(Names.TOKEN_AGE, null));
            // MicroProfile JWT checks the age exactly; the clock skew is for exp and iat.
            builder.set(Parameters.MAX_AGE_LEEWAY.name(), "false");
        }
        builder.set(Parameters.REQUIRED_CLAIMS.name(), REQUIRED_CLAIMS);
        decryption(builder);
        return builder;
    }

    /**
     * With {@code mp.jwt.decrypt.key.location}, tokens must arrive encrypted (a JWE around a
     * signed JWT): each is opened first, then its inner token goes through the whole pipeline.
     */
    private void decryption(JwtConfig.Builder builder) {
        String location = settings.get(Names.DECRYPTOR_KEY_LOCATION);
        if (location == null) {
            if (settings.get(Names.DECRYPTOR_KEY_ALGORITHM) != null) {
                throw new ConfigException(Names.DECRYPTOR_KEY_ALGORITHM, "is set without "
                        + Names.DECRYPTOR_KEY_LOCATION);
            }
            return;
        }
        if (KeyLocations.isRemote(location)) {
            throw new ConfigException(Names.DECRYPTOR_KEY_LOCATION, "a private key is read from"
                    + " the class path, the WAR or a file, never fetched over the network");
        }
        JweDecryptor decryptor;
        try {
            decryptor = JweDecryptor.of(keyText(Names.DECRYPTOR_KEY_LOCATION, location),
                    settings.get(Names.DECRYPTOR_KEY_ALGORITHM));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String setting = message.startsWith(Names.DECRYPTOR_KEY_ALGORITHM)
                    ? Names.DECRYPTOR_KEY_ALGORITHM : Names.DECRYPTOR_KEY_LOCATION;
            throw new ConfigException(setting, message.startsWith(setting + ": ")
                    ? message.substring(setting.length() + 2) : message, e);
        }
        builder.tokenDecryption(token -> {
            try {
                return decryptor.decrypt(token);
            } catch (JweRefusedException e) {
                LOG.fine(() -> "Perimeter MicroProfile JWT: an encrypted token was refused: "
                        + e.getMessage());
                return null;
            }
        });
    }

    /** The text at {@code location}, read as {@code setting}. */
    private String keyText(String setting, String location) {
        try {
            return locations.read(location);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(setting, e.getMessage(), e);
        }
    }

    private Set<JwsAlgorithm> algorithm() {
        String name = settings.get(Names.VERIFIER_PUBLIC_KEY_ALGORITHM);
        JwsAlgorithm algorithm;
        try {
            algorithm = JwsAlgorithm.byName(name == null ? DEFAULT_ALGORITHM : name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Names.VERIFIER_PUBLIC_KEY_ALGORITHM, e.getMessage(), e);
        }
        if (algorithm == null) {
            throw new ConfigException(Names.VERIFIER_PUBLIC_KEY_ALGORITHM,
                    "unknown algorithm '" + name + "'");
        }
        if (algorithm.isSymmetric()) {
            throw new ConfigException(Names.VERIFIER_PUBLIC_KEY_ALGORITHM,
                    "expected a public-key algorithm (RS256, ES256, PS256…), not " + algorithm);
        }
        return Set.of(algorithm);
    }

    private void keys(JwtConfig.Builder builder, String issuer, Set<JwsAlgorithm> algorithm) {
        String inline = settings.get(Names.VERIFIER_PUBLIC_KEY);
        String location = settings.get(Names.VERIFIER_PUBLIC_KEY_LOCATION);
        if (inline != null && location != null) {
            throw new ConfigException(Names.VERIFIER_PUBLIC_KEY, "is set together with "
                    + Names.VERIFIER_PUBLIC_KEY_LOCATION + "; set one of them");
        }
        if (inline == null && location == null) {
            throw new ConfigException(Names.VERIFIER_PUBLIC_KEY_LOCATION, "is required (or "
                    + Names.VERIFIER_PUBLIC_KEY + "): the key that verifies the tokens' signatures");
        }
        if (location != null && KeyLocations.isRemote(location)) {
            remoteKeys(builder, issuer, location);
            return;
        }
        String setting = inline != null ? Names.VERIFIER_PUBLIC_KEY : Names.VERIFIER_PUBLIC_KEY_LOCATION;
        String text = inline != null ? inline : keyText(setting, location);
        List<VerificationKey> keys;
        try {
            keys = KeyMaterial.parse(text, algorithm, issuer, inline != null ? setting : location);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, e.getMessage(), e);
        }
        builder.keySource(new StaticKeySource(KeySet.of(keys)));
    }

    /** A key set at a URL: Perimeter's remote key set, refreshed and rate-limited. */
    private static void remoteKeys(JwtConfig.Builder builder, String issuer, String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Names.VERIFIER_PUBLIC_KEY_LOCATION, "is not a URL", e);
        }
        if ("http".equals(uri.getScheme())) {
            if (!isLoopback(uri.getHost())) {
                throw new ConfigException(Names.VERIFIER_PUBLIC_KEY_LOCATION,
                        "keys are fetched over https only (http:// only from a loopback host)");
            }
            builder.allowHttpLoopbackKeys(true);
        }
        builder.set(Parameters.JWKS.name(), location);
        builder.set(Parameters.KEYS_ISSUER.name(), issuer);
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void transport(JwtConfig.Builder builder) {
        String header = settings.get(Names.TOKEN_HEADER);
        if (header == null || "Authorization".equalsIgnoreCase(header)) {
            return; // Perimeter's default: Authorization: Bearer <token>
        }
        if (!"Cookie".equalsIgnoreCase(header)) {
            throw new ConfigException(Names.TOKEN_HEADER, "expected Authorization or Cookie");
        }
        String cookie = settings.get(Names.TOKEN_COOKIE);
        builder.set(Parameters.COOKIE.name(), cookie == null ? DEFAULT_COOKIE : cookie);
        // MicroProfile JWT: with the cookie named, a token in Authorization is not looked at.
        builder.set(Parameters.HEADER.name(), JwtConfig.NO_HEADER);
    }

    /** {@code setting} as whole seconds, or {@code fallback} when it is unset. */
    private String seconds(String setting, String fallback) {
        String value = settings.get(setting);
        String text = value == null ? fallback : value;
        try {
            long seconds = Long.parseLong(text);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Long.toString(seconds);
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "expected a whole number of seconds");
        }
    }

    private String required(String setting, String why) {
        String value = settings.get(setting);
        if (value == null) {
            throw new ConfigException(setting, "is required: " + why);
        }
        return value;
    }
}
