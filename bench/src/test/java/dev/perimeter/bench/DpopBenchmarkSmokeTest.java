package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * CI's smoke pass of {@link DpopBenchmark}: in this JVM, no warm-up, one single-shot iteration
 * of each benchmark and parameter. Every measured DPoP request must authenticate (the benchmark
 * throws otherwise), so a result means Perimeter accepted {@value DpopBenchmark#PROOFS} fresh
 * proofs per row. The figures mean nothing.
 */
class DpopBenchmarkSmokeTest {

    @Test
    void everyDpopBenchmarkRunsOneIterationAndEveryRequestAuthenticates() throws Exception {
        Options options = new OptionsBuilder()
                .include(DpopBenchmark.class.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Set<String> seen = new TreeSet<>();
        for (RunResult result : results) {
            double score = result.getPrimaryResult().getScore();
            String label = result.getParams().getBenchmark().replace(DpopBenchmark.class.getName() + ".", "")
                    + " " + result.getParams().getParam("cryptoProvider")
                    + (result.getParams().getParam("proofAlg") == null ? ""
                            : " " + result.getParams().getParam("proofAlg"));
            assertTrue(score > 0 && Double.isFinite(score), label + " scored " + score);
            seen.add(label);
        }
        Set<String> expected = new TreeSet<>();
        for (String provider : new String[] {"jdk", "accp"}) {
            expected.add("bearer " + provider);
            for (String alg : new String[] {"ES256", "EdDSA", "RS256"}) {
                for (String method : new String[] {"dpop", "proofSignature", "proofSignatureNewKey"}) {
                    expected.add(method + " " + provider + " " + alg);
                }
            }
        }
        assertEquals(expected, seen);
    }
}
