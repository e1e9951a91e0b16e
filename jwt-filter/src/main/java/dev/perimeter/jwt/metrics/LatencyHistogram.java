package dev.perimeter.jwt.metrics;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in fixed buckets, recorded without locks: one bucket increment, one sum add and one
 * max update per observation. The bounds suit token validation, from a cache hit (about a
 * microsecond) to a remote key refetch (seconds), and are exported as a Prometheus-style
 * cumulative histogram.
 */
public final class LatencyHistogram {

    /** Upper bounds of the buckets, in nanoseconds; a last bucket holds everything above. */
    private static final long[] BOUNDS_NANOS = {
        1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 100_000_000,
        1_000_000_000, 5_000_000_000L};

    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one duration; negative ones count as 0. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS_NANOS.length && value > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        totalNanos.add(value);
        maxNanos.accumulate(value);
    }

    /** Observations so far. */
    public long count() {
        long count = 0;
        for (LongAdder bucket : buckets) {
            count += bucket.sum();
        }
        return count;
    }

    /** The sum of every observation, in nanoseconds. */
    public long totalNanos() {
        return totalNanos.sum();
    }

    /** The longest observation so far, in nanoseconds; 0 before the first. */
    public long maxNanos() {
        return maxNanos.get();
    }

    /** The buckets' upper bounds in seconds, ascending, without the last (infinite) one. */
    public static double[] boundsSeconds() {
        double[] seconds = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return seconds;
    }

    /**
     * The bounds of {@link #boundsSeconds()} as Prometheus {@code le} labels, in plain decimal
     * notation ({@code 0.0000025}, not {@code 2.5E-6}).
     */
    public static String[] boundLabels() {
        double[] seconds = boundsSeconds();
        String[] labels = new String[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            labels[i] = java.math.BigDecimal.valueOf(seconds[i]).stripTrailingZeros()
                    .toPlainString();
        }
        return labels;
    }

    /**
     * For each bound of {@link #boundsSeconds()}, the observations at or below it (cumulative,
     * as Prometheus's {@code le}); the count of everything is {@link #count()}.
     */
    public long[] cumulativeCounts() {
        long[] counts = new long[BOUNDS_NANOS.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += buckets[i].sum();
            counts[i] = running;
        }
        return counts;
    }
}
