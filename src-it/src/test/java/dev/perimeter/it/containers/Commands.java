package dev.perimeter.it.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Short-lived tools (keytool, kcadm.sh, jcmd): run to their end, their command line and output
 * appended to a log with the values of password options masked, their output returned.
 */
public final class Commands {

    /** Options whose next argument is a secret, masked in the log. */
    private static final Set<String> SECRET_OPTIONS = Set.of("--password", "--new-password",
            "--trustpass", "--storepass", "-storepass", "-keypass", "-srcstorepass", "-deststorepass");

    private Commands() {
    }

    /**
     * Runs {@code command} with {@code environment} added to this JVM's, stdin closed.
     *
     * @return what it printed (stdout and stderr together), trimmed
     * @throws IllegalStateException with that output when it exits with another status than 0
     *         or runs longer than {@code limit} (it is killed then)
     */
    public static String run(List<String> command, Map<String, String> environment, Path log,
            Duration limit) {
        String shown = masked(command);
        try {
            Files.createDirectories(log.getParent());
            Path output = Files.createTempFile(log.getParent(), "command", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                long start = System.nanoTime();
                Process process = builder.start();
                boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                }
                String printed = Files.readString(output, StandardCharsets.UTF_8).trim();
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                Files.writeString(log, "$ " + shown + "   (" + millis + " ms, status "
                        + (ended ? process.exitValue() : "killed") + ")\n" + printed + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (!ended || process.exitValue() != 0) {
                    throw new IllegalStateException((ended ? "status " + process.exitValue()
                            : "still running after " + limit.toSeconds() + " s") + ": " + shown
                            + "\n" + printed);
                }
                return printed;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + shown, e);
        }
    }

    private static String masked(List<String> command) {
        List<String> shown = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            boolean secret = i > 0 && SECRET_OPTIONS.contains(command.get(i - 1));
            shown.add(secret ? "****" : command.get(i));
        }
        return String.join(" ", shown);
    }
}
