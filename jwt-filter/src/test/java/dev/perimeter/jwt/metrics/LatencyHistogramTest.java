package dev.perimeter.jwt.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void observationsFallIntoCumulativeBucketsWithCountSumAndMax() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(800);            // 0.8 µs: the first bucket (1 µs)
        histogram.record(1_000);          // exactly on a bound: counted at or below it
        histogram.record(30_000);         // 30 µs: the 50 µs bucket
        histogram.record(2_000_000);      // 2 ms: the 2.5 ms bucket
        histogram.record(9_000_000_000L); // 9 s: above every bound
        histogram.record(-5);             // a clock going backwards counts as 0

        double[] bounds = LatencyHistogram.boundsSeconds();
        assertEquals(17, bounds.length);
        assertEquals(0.000001, bounds[0], 1e-12);
        assertEquals(5.0, bounds[bounds.length - 1], 1e-12);
        String[] labels = LatencyHistogram.boundLabels();
        assertEquals("0.000001", labels[0]);
        assertEquals("0.0000025", labels[1]);
        assertEquals("5", labels[labels.length - 1]);
        long[] cumulative = histogram.cumulativeCounts();
        assertEquals(3, cumulative[0]);
        assertEquals(3, cumulative[4]);   // 25 µs
        assertEquals(4, cumulative[5]);   // 50 µs
        assertEquals(4, cumulative[9]);   // 1 ms
        assertEquals(5, cumulative[10]);  // 2.5 ms
        assertEquals(5, cumulative[16]);  // 5 s
        assertEquals(6, histogram.count());
        assertEquals(800 + 1_000 + 30_000 + 2_000_000 + 9_000_000_000L, histogram.totalNanos());
        assertEquals(9_000_000_000L, histogram.maxNanos());
    }

    @Test
    void anEmptyHistogramIsAllZeros() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertEquals(0, histogram.count());
        assertEquals(0, histogram.maxNanos());
        assertArrayEquals(new long[17], histogram.cumulativeCounts());
    }
}
