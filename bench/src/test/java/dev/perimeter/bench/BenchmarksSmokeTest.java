package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI's smoke pass: every benchmark compiles, sets up (each contender must validate the token and
 * read its groups) and runs one short iteration in this JVM. The figures mean nothing.
 */
class BenchmarksSmokeTest {

    private static final String[] METHODS = {"raw", "perimeterCold", "perimeterWarm",
        "perimeterColdNative", "jose4j", "nimbus", "jjwt", "jdk", "jdkNative"};

    @Test
    void everyBenchmarkRunsOneShortIterationAndProducesAResult() throws Exception {
        Options options = new OptionsBuilder()
                .include(VerifyBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<String> seen = new ArrayList<>();
        for (RunResult result : results) {
            double score = result.getPrimaryResult().getScore();
            String label = result.getParams().getBenchmark() + " "
                    + result.getParams().getParam("alg");
            assertTrue(score > 0 && Double.isFinite(score), label + " scored " + score);
            seen.add(label);
        }
        assertEquals(METHODS.length * 3, seen.size(), "results: " + seen);
        for (String method : METHODS) {
            for (String alg : new String[] {"HS256", "RS256", "ES256"}) {
                assertTrue(seen.contains(VerifyBenchmark.class.getName() + "." + method + " " + alg),
                        "no result for " + method + " " + alg + " in " + seen);
            }
        }
    }
}
