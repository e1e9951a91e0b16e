package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** CI's smoke pass of the paired comparison: it runs every contender; the figures mean nothing. */
class PairedRoundsTest {

    @Test
    void everyContenderIsTimedInEveryRound() throws Exception {
        for (String alg : new String[] {"HS256", "ES256"}) {
            Map<String, double[]> times = new PairedRounds(alg, 2).run(0, 3);
            assertEquals(java.util.List.of("perimeterCold", "raw", "jose4j", "nimbus", "jjwt"),
                    java.util.List.copyOf(times.keySet()));
            for (Map.Entry<String, double[]> entry : times.entrySet()) {
                assertEquals(3, entry.getValue().length, entry.getKey());
                for (double nanos : entry.getValue()) {
                    assertTrue(nanos > 0, alg + " " + entry.getKey() + " took " + nanos);
                }
            }
        }
    }

    @Test
    void theMedianComesWithAnIntervalOfOrderStatistics() {
        double[] values = new double[100];
        for (int i = 0; i < values.length; i++) {
            values[values.length - 1 - i] = i + 1; // 100 … 1, unsorted on purpose
        }
        // n = 100: the median is 50.5; ranks 50 ± 10 bound its 95 % interval.
        assertArrayEquals(new double[] {50.5, 41, 60}, PairedRounds.medianWithInterval(values));
    }

    @Test
    void ratiosAreTakenWithinEachRound() {
        assertArrayEquals(new double[] {0.5, 2},
                PairedRounds.ratios(new double[] {1, 4}, new double[] {2, 2}));
    }
}
