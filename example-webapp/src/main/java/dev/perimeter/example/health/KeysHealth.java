package dev.perimeter.example.health;

import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.RemoteKeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code keys} part: the key set the filter verifies with. Down when it holds no key (every
 * token would be answered 503); degraded when it does not trust the application's signing key
 * (accepted issuer and {@code kid}: else the application's own tokens are refused) or an
 * issuer's remote keys never arrived.
 *
 * <p>Key ids are public (the JWKS shows them); the keys themselves are not shown.
 */
final class KeysHealth {

    /** A key set read once when the filter starts: files, inline PEM, secrets. */
    static final String SOURCE_FIXED = "fixed";
    /** Key sets fetched over HTTPS and refreshed in the background. */
    static final String SOURCE_REMOTE = "remote";

    private KeysHealth() {
    }

    /**
     * @param source     the filter's key source
     * @param issuers    the issuers the filter accepts
     * @param issuer     the application's own issuer
     * @param signingKid the {@code kid} the application signs with
     * @param loadedAt   when the application wrote the key file that a fixed source read at start
     *                   (a remote source tells when it fetched its keys itself)
     * @param now        the present
     */
    static HealthPart check(KeySource source, Set<String> issuers, String issuer,
            String signingKid, Instant loadedAt, Instant now) {
        KeySet keys = source.current();
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean remote = source instanceof RemoteKeySource;
        fields.put("source", remote ? SOURCE_REMOTE : SOURCE_FIXED);
        fields.put("count", keys == null ? 0 : keys.keys().size());
        Set<String> kids = new TreeSet<>();
        if (keys != null) {
            for (VerificationKey key : keys.keys()) {
                if (key.keyId() != null) {
                    kids.add(key.keyId());
                }
            }
        }
        fields.put("kids", List.copyOf(kids));
        fields.put("signingKid", signingKid);
        // The application's own tokens pass only if the filter accepts its issuer and holds its key.
        boolean trusted = keys != null && issuers.contains(issuer)
                && keys.hasKeyId(issuer, signingKid);
        fields.put("signingKeyTrusted", trusted);
        // A remote source tells when it last fetched its stalest key set; a fixed set was read
        // once, at the filter's start, from the file the application wrote just before.
        Instant fetched = source.keysFetchedAt();
        Instant since = fetched != null ? fetched : loadedAt;
        fields.put("loadedAt", HealthPart.time(since));
        fields.put("ageSeconds", Math.max(0, Duration.between(since, now).getSeconds()));
        List<String> withoutKeys = new ArrayList<>();
        for (String accepted : new TreeSet<>(issuers)) {
            if (!source.isAvailable(accepted)) {
                withoutKeys.add(accepted);
            }
        }
        fields.put("issuersWithoutKeys", withoutKeys);

        HealthStatus status;
        if (keys == null || keys.isEmpty()) {
            status = HealthStatus.DOWN;
        } else if (!trusted || !withoutKeys.isEmpty()) {
            status = HealthStatus.DEGRADED;
        } else {
            status = HealthStatus.UP;
        }
        return HealthPart.of(status, fields);
    }
}
