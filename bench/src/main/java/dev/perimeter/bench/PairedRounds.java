package dev.perimeter.bench;

import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.runtime.Perimeter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A paired comparison of the cold contenders for one algorithm, for the differences JMH's design
 * cannot resolve. JMH gives each contender its own JVM; for ES256, where the JDK's ECDSA takes
 * about a millisecond and all of the libraries' own work a few percent of it, two forks of the
 * same code differ by more than that (compiled code and the shared host vary from fork to fork).
 * Here every contender runs in one JVM, on the same compiled JDK code, in rounds: each round
 * times a batch of validations per contender, in a fresh random order, so drift of the machine
 * during the run falls on all of them alike. Each ratio is taken within a round and the median
 * over rounds reported, with a 95 % confidence interval of that median (order statistics).
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar dev.perimeter.bench.PairedRounds
 * [--alg=ES256] [--warmup-seconds=15] [--rounds=200] [--batch=16]}.
 */
public final class PairedRounds {

    private static final String PERIMETER = "perimeterCold";
    private static final List<String> PEERS = List.of("raw", "jose4j", "nimbus", "jjwt");

    private final Map<String, Contenders.Contender> contenders = new LinkedHashMap<>();
    private final char[] tokenChars;
    private final int batch;
    private long sink;

    PairedRounds(String alg, int batch) throws Exception {
        Fixtures fixtures = Fixtures.of(alg);
        MemoryRevocationStore revocations = Contenders.revocations();
        contenders.put(PERIMETER, Contenders.perimeter(Perimeter.start(
                Contenders.perimeterConfig(fixtures, 0, "jdk", revocations)).verifier()));
        contenders.put("raw", Contenders.raw(fixtures));
        contenders.put("jose4j", Contenders.jose4j(fixtures));
        contenders.put("nimbus", Contenders.nimbus(fixtures));
        contenders.put("jjwt", Contenders.jjwt(fixtures));
        this.tokenChars = fixtures.token.toCharArray();
        this.batch = batch;
    }

    /** Nanoseconds per validation of each contender, one entry per round. */
    Map<String, double[]> run(long warmupNanos, int rounds) throws Exception {
        Random random = new Random(42);
        List<String> order = new ArrayList<>(contenders.keySet());
        long warmupEnd = System.nanoTime() + warmupNanos;
        while (System.nanoTime() < warmupEnd) {
            Collections.shuffle(order, random);
            for (String name : order) {
                timeBatch(contenders.get(name));
            }
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        for (String name : contenders.keySet()) {
            times.put(name, new double[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, random);
            for (String name : order) {
                times.get(name)[round] = timeBatch(contenders.get(name));
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return times;
    }

    private double timeBatch(Contenders.Contender contender) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            // A fresh copy per validation, as a request header gives it (as in VerifyBenchmark).
            sink += contender.validate(new String(tokenChars)).size();
        }
        return (double) (System.nanoTime() - start) / batch;
    }

    /** The median and a 95 % confidence interval of the median of {@code values}. */
    static double[] medianWithInterval(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int spread = (int) Math.ceil(1.96 * Math.sqrt(n) / 2);
        int low = Math.max(0, (int) Math.floor(n / 2.0) - spread);
        int high = Math.min(n - 1, (int) Math.ceil(n / 2.0) + spread - 1);
        return new double[] {median, sorted[low], sorted[high]};
    }

    static double[] ratios(double[] numerator, double[] denominator) {
        double[] ratios = new double[numerator.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerator[i] / denominator[i];
        }
        return ratios;
    }

    public static void main(String[] args) throws Exception {
        String alg = "ES256";
        int warmupSeconds = 15;
        int rounds = 200;
        int batch = 16;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "--alg" -> alg = pair[1];
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(pair[1]);
                case "--rounds" -> rounds = Integer.parseInt(pair[1]);
                case "--batch" -> batch = Integer.parseInt(pair[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        PairedRounds paired = new PairedRounds(alg, batch);
        Map<String, double[]> times = paired.run(warmupSeconds * 1_000_000_000L, rounds);
        System.out.printf("Paired rounds, %s: %d rounds of %d validations per contender, order"
                + " shuffled each round, after %d s of warm-up; one JVM (%s)%n%n", alg, rounds,
                batch, warmupSeconds, Runtime.version());
        System.out.println("| Contender | median µs per validation | 95 % interval |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, double[]> entry : times.entrySet()) {
            double[] m = medianWithInterval(entry.getValue());
            System.out.printf("| `%s` | %.1f | %.1f – %.1f |%n", entry.getKey(), m[0] / 1000,
                    m[1] / 1000, m[2] / 1000);
        }
        System.out.println();
        System.out.println("| Ratio (per round, median) | median | 95 % interval |");
        System.out.println("|---|---|---|");
        for (String peer : PEERS) {
            double[] m = medianWithInterval(ratios(times.get(PERIMETER), times.get(peer)));
            System.out.printf("| cold Perimeter / %s | %.3f | %.3f – %.3f |%n", peer, m[0], m[1],
                    m[2]);
        }
    }
}
