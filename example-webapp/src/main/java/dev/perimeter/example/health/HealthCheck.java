package dev.perimeter.example.health;

import dev.perimeter.jwt.runtime.Perimeter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answer of {@code GET /health}: the filter's {@code keys} and {@code revocation} state and
 * the worst of their statuses. It reads only what the filter holds in memory (no database call,
 * no fetch), so polling it costs nothing and cannot be used to load the stores.
 *
 * <p>It is public, and tells nothing that helps an attacker: no subject, no token, no key
 * material, no credential and no host name; key ids are public in the JWKS anyway.
 */
public final class HealthCheck {

    /** A finished check: the overall status and the JSON body. */
    public record Report(HealthStatus status, Map<String, Object> body) {
    }

    private static final Logger LOG = Logger.getLogger(HealthCheck.class.getName());

    private final Supplier<Perimeter> filter;
    private final String issuer;
    private final String signingKid;
    private final Instant keysLoadedAt;
    private final Clock clock;

    /**
     * @param filter       the filter's verifier; throws {@link IllegalStateException} while the
     *                     filter has not started
     * @param issuer       the application's issuer
     * @param signingKid   the {@code kid} the application signs with
     * @param keysLoadedAt when the application wrote the key set the filter reads at its start
     * @param clock        the application's clock
     */
    public HealthCheck(Supplier<Perimeter> filter, String issuer, String signingKid,
            Instant keysLoadedAt, Clock clock) {
        this.filter = filter;
        this.issuer = issuer;
        this.signingKid = signingKid;
        this.keysLoadedAt = keysLoadedAt;
        this.clock = clock;
    }

    /** Checks now. Never throws: a part that cannot be checked is down. */
    public Report run() {
        Instant now = clock.instant();
        HealthPart keys;
        HealthPart revocation;
        try {
            Perimeter running = filter.get();
            keys = guarded("keys", () -> KeysHealth.check(running.keySource(),
                    running.config().issuers(), issuer, signingKid, keysLoadedAt, now));
            revocation = guarded("revocation",
                    () -> RevocationStoreHealth.check(running.revocationStore()));
        } catch (IllegalStateException e) {
            keys = HealthPart.failed("the filter has not started");
            revocation = keys;
        }
        HealthStatus status = keys.status().and(revocation.status());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.name());
        body.put("time", HealthPart.time(now));
        body.put("keys", keys.details());
        body.put("revocation", revocation.details());
        return new Report(status, body);
    }

    private static HealthPart guarded(String part, Supplier<HealthPart> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Perimeter example: the health check of " + part + " failed", e);
            return HealthPart.failed("the check failed");
        }
    }
}
