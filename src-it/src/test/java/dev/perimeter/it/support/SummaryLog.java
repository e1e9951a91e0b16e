package dev.perimeter.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One line per container and scenario, such as
 * {@code [src-it] tomcat-11.0.24 refresh-reuse PASS 85 ms}, printed to the console and appended
 * to {@code target/src-it-summary.txt}, which the first line of a test run starts afresh.
 */
public final class SummaryLog {

    /** What each line starts with, to find them in the build's output. */
    public static final String PREFIX = "[src-it] ";

    private static boolean started;

    private SummaryLog() {
    }

    /** A scenario's (or a start's) outcome: {@code PASS}, {@code FAIL}, {@code ABORTED}. */
    public static void outcome(String container, String scenario, String outcome, Duration took) {
        line(container + " " + scenario + " " + outcome + " " + took.toMillis() + " ms");
    }

    /** A measured figure, such as how long a revocation took to reach the other node. */
    public static void figure(String container, String what, Duration value) {
        line(container + " " + what + " " + value.toMillis() + " ms");
    }

    private static synchronized void line(String text) {
        String line = PREFIX + text;
        System.out.println(line);
        Path file = Built.summary();
        try {
            if (!started) {
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file); // the previous run's lines
                started = true;
            }
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
