package dev.perimeter.example.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.example.DataDirectory;
import dev.perimeter.example.ExampleSettings;
import dev.perimeter.example.SettingException;
import dev.perimeter.example.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Decides at start-up which key signs, and which public keys are published.
 *
 * <p>The signer is the {@code signing-key} setting, or a key generated on first start and kept in
 * {@value #KEY_FILE} in the data directory (owner-only). Its {@code kid} is {@code signing-kid}, or
 * the key's RFC 7638 thumbprint. A generated key is replaced by a new one when
 * {@code signing-alg} or {@code signing-kid} changes, or when its file is deleted.
 *
 * <p>Rotation: when the signer differs from the one recorded in the database, the new key signs
 * from now on and the old one is retired, but stays in the JWKS until every token it signed has
 * expired ({@code access-ttl} plus a {@link #RETIREMENT_MARGIN} for clock skew). Keys change only
 * at start-up, so the set published here and the set the filter reads at its start agree.
 */
public final class SigningKeys {

    /** The generated key pair, PEM, in the data directory. */
    public static final String KEY_FILE = "signing-key.pem";
    /** How long past the last token's expiry a retired key stays published (≥ the filter's leeway). */
    public static final Duration RETIREMENT_MARGIN = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigningKey signer;
    private final List<PublishedKey> published;

    private SigningKeys(SigningKey signer, List<PublishedKey> published) {
        this.signer = signer;
        this.published = Collections.unmodifiableList(published);
    }

    /**
     * Loads or generates the signer, records it in the database (retiring the previous one), and
     * purges retired keys whose tokens have all expired.
     *
     * @throws SettingException naming {@code signing-key}, {@code signing-kid} or
     *         {@code signing-alg} when they cannot be used
     */
    public static SigningKeys load(ExampleSettings settings, DataDirectory data, Database database,
            Clock clock) {
        SigningAlgorithm algorithm = settings.signingAlgorithm();
        SigningKey signer;
        if (settings.signingKey() != null) {
            KeyPair pair = configuredPair(settings.signingKey());
            if (!algorithm.fits(pair.getPrivate())) {
                throw new SettingException(ExampleSettings.SIGNING_ALG, "the signing-key is an "
                        + pair.getPrivate().getAlgorithm() + " key, which cannot sign " + algorithm);
            }
            signer = new SigningKey(kid(settings, pair), algorithm, pair);
            if (Files.exists(data.file(KEY_FILE))) {
                data.delete(KEY_FILE);
                LOG.info("Perimeter example: deleted the generated signing key, since signing-key"
                        + " is configured; its public key stays published until its tokens expire");
            }
        } else {
            signer = generated(settings, data, database, algorithm);
        }
        Instant now = clock.instant();
        Duration retention = settings.accessTtl().plus(RETIREMENT_MARGIN);
        List<PublishedKey> published = database.inTransaction(connection -> {
            String jwk = json(Jwk.of(signer.pair().getPublic(), signer.kid(), algorithm));
            SigningKeyTable.Row current = SigningKeyTable.find(connection, signer.kid()).orElse(null);
            if (current == null) {
                SigningKeyTable.insert(connection, signer.kid(), algorithm.name(), jwk, now.toEpochMilli());
            } else if (!current.jwk().equals(jwk)) {
                throw new SettingException(ExampleSettings.SIGNING_KID, "'" + signer.kid()
                        + "' already names another key; a new key needs a new kid");
            } else if (current.retiredMs() != null) {
                SigningKeyTable.reinstate(connection, signer.kid());
            }
            SigningKeyTable.retireAllBut(connection, signer.kid(), now.toEpochMilli(),
                    now.plus(retention).toEpochMilli());
            SigningKeyTable.purge(connection, now.toEpochMilli());
            List<PublishedKey> keys = new ArrayList<>();
            for (SigningKeyTable.Row row : SigningKeyTable.all(connection)) {
                keys.add(new PublishedKey(row.kid(), map(row.jwk()), row.publishedUntilMs() == null
                        ? null : Instant.ofEpochMilli(row.publishedUntilMs())));
            }
            return keys;
        });
        LOG.info("Perimeter example: " + signer + " signs; published keys: "
                + published.stream().map(PublishedKey::kid).toList());
        return new SigningKeys(signer, published);
    }

    /** The key that signs new tokens. */
    public SigningKey signer() {
        return signer;
    }

    /** The public keys published at {@code now}: the signer and retired keys whose tokens live. */
    public List<Map<String, Object>> jwks(Instant now) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (PublishedKey key : published) {
            if (key.isPublishedAt(now)) {
                keys.add(key.jwk());
            }
        }
        return keys;
    }

    /** The JWKS document ({@code {"keys":[…]}}) at {@code now}. */
    public String jwksDocument(Instant now) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("keys", jwks(now));
        return json(document);
    }

    private static SigningKey generated(ExampleSettings settings, DataDirectory data,
            Database database, SigningAlgorithm algorithm) {
        KeyPair existing = data.read(KEY_FILE).map(pem -> {
            try {
                return PemKeyPairs.read(pem);
            } catch (IllegalArgumentException e) {
                throw new SettingException(ExampleSettings.SIGNING_KEY, "the generated key "
                        + data.file(KEY_FILE) + " is damaged (" + e.getMessage()
                        + "); delete it to generate a new one");
            }
        }).orElse(null);
        if (existing != null && algorithm.fits(existing.getPrivate())) {
            String kid = recordedKid(database, existing, algorithm);
            if (kid == null) {
                kid = kid(settings, existing);
            }
            if (settings.signingKid() == null || settings.signingKid().equals(kid)) {
                return new SigningKey(kid, algorithm, existing);
            }
        }
        KeyPair pair = algorithm.generate();
        data.write(KEY_FILE, PemKeyPairs.write(pair));
        SigningKey key = new SigningKey(kid(settings, pair), algorithm, pair);
        LOG.info("Perimeter example: generated a new " + key + " in " + data.file(KEY_FILE));
        return key;
    }

    /** The kid under which the database records {@code pair} as signer, or null. */
    private static String recordedKid(Database database, KeyPair pair, SigningAlgorithm algorithm) {
        return database.inTransaction(connection -> SigningKeyTable.signer(connection)
                .filter(row -> row.jwk().equals(json(Jwk.of(pair.getPublic(), row.kid(), algorithm))))
                .map(SigningKeyTable.Row::kid)
                .orElse(null));
    }

    private static String kid(ExampleSettings settings, KeyPair pair) {
        return settings.signingKid() != null ? settings.signingKid() : Jwk.thumbprint(pair.getPublic());
    }

    private static KeyPair configuredPair(String value) {
        String pem = value;
        if (value.startsWith("file:")) {
            Path file = Path.of(value.substring("file:".length()));
            try {
                pem = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new SettingException(ExampleSettings.SIGNING_KEY, "cannot read " + file
                        + ": " + e.getClass().getSimpleName());
            }
        }
        try {
            return PemKeyPairs.read(pem);
        } catch (IllegalArgumentException e) {
            throw new SettingException(ExampleSettings.SIGNING_KEY, e.getMessage());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return Collections.unmodifiableMap(JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JWK is not JSON", e);
        }
    }
}
