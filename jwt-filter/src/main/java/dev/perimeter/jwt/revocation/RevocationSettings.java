package dev.perimeter.jwt.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a revocation store needs from the filter's configuration.
 *
 * @param clock        the clock for expiry and purging
 * @param leeway       the clock skew allowed for {@code exp}: a denylist entry is kept until the
 *                     token's {@code exp} plus this
 * @param syncInterval how often a shared store is pulled ({@code revocation-sync}); stores with
 *                     push use it for health checks and retries
 * @param maxAge       the filter's {@code max-age}, or null when it has none: with it, tokens
 *                     issued more than this plus the leeway ago are refused anyway, which is what
 *                     lets stores purge old subject cutoffs (see {@link RevocationMirror})
 */
public record RevocationSettings(Clock clock, Duration leeway, Duration syncInterval, Duration maxAge) {

    public RevocationSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(leeway, "leeway");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative");
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        if (syncInterval.toMillis() < 1) {
            throw new IllegalArgumentException("syncInterval must be at least 1 ms");
        }
    }

    /** Settings without {@code max-age}: subject cutoffs are then kept for good. */
    public RevocationSettings(Clock clock, Duration leeway, Duration syncInterval) {
        this(clock, leeway, syncInterval, null);
    }
}
