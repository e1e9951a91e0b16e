package dev.perimeter.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What a node's log files say: lines of every {@code *.log} and {@code *.txt} under a directory. */
public final class LogLines {

    private static final Duration POLL = Duration.ofMillis(250);

    private LogLines() {
    }

    /** Every line of the logs under {@code directory} that {@code wanted} accepts, file by file. */
    public static List<String> matching(Path directory, Predicate<String> wanted) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt"))
                    .sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    if (wanted.test(line)) {
                        found.add(file.getFileName() + ": " + line);
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logs under " + directory, e);
        }
    }

    /**
     * Waits until a line that {@code wanted} accepts is in {@code file}, doing {@code meanwhile}
     * before each look (such as a request that provokes the line).
     *
     * @return the first such line
     * @throws AssertionError when none is there within {@code limit}
     */
    public static String await(Path file, Predicate<String> wanted, Duration limit, Runnable meanwhile) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            meanwhile.run();
            try {
                if (Files.exists(file)) {
                    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such line in " + file + " within " + limit.toSeconds() + " s");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
