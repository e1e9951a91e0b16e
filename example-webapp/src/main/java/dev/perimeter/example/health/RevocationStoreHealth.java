package dev.perimeter.example.health;

import dev.perimeter.jwt.revocation.RevocationHealth;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code revocation} part: the filter's revocation store, from
 * {@link RevocationStore#health()}. Down while the store has never synchronized (the filter
 * answers protected requests 503 rather than admit a revoked token); degraded while it is
 * disconnected (the node enforces its last mirror, and misses what other nodes revoke).
 *
 * <p>It shows the store's kind only, not {@link RevocationStore#describe()}: that names the
 * database host and user, which an unauthenticated page need not tell. Nor the last error,
 * whose message may name hosts; the filter logs it.
 */
final class RevocationStoreHealth {

    private static final String STORE_SUFFIX = "RevocationStore";

    private RevocationStoreHealth() {
    }

    static HealthPart check(RevocationStore store) {
        RevocationHealth health = store.health();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", kind(store));
        fields.put("state", health.status().name());
        fields.put("synchronized", health.isSynchronized());
        fields.put("reachable", health.isSynchronized());
        fields.put("lastSync", HealthPart.time(health.lastSync()));
        fields.put("lagMillis", health.lag() == null ? null : health.lag().toMillis());
        fields.put("revokedTokens", health.revokedTokens() < 0 ? null : health.revokedTokens());
        fields.put("revokedSubjects", health.revokedSubjects() < 0 ? null : health.revokedSubjects());

        HealthStatus status;
        if (!store.isReady() || health.status() == RevocationHealth.Status.NEVER_SYNCHRONIZED) {
            status = HealthStatus.DOWN;
        } else if (health.status() == RevocationHealth.Status.DISCONNECTED) {
            status = HealthStatus.DEGRADED;
        } else {
            status = HealthStatus.UP;
        }
        return HealthPart.of(status, fields);
    }

    /** {@code memory}, {@code jdbc}, {@code redis}: the store's class without its suffix. */
    static String kind(RevocationStore store) {
        String name = store.getClass().getSimpleName();
        if (name.endsWith(STORE_SUFFIX) && name.length() > STORE_SUFFIX.length()) {
            return name.substring(0, name.length() - STORE_SUFFIX.length()).toLowerCase(Locale.ROOT);
        }
        return name.isEmpty() ? "custom" : name;
    }
}
