package dev.perimeter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A server MicroProfileLoad runs in a JVM of its own on a loopback port: its output in a log
 * file, waited for until its endpoint answers, and always stopped, by {@link #close()} or by a
 * shutdown hook when the run is cut short (SIGTERM, then after 30 s SIGKILL of the tree).
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    final String name;
    final int port;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ServerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(this::stop, "mp-load-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code command} in {@code directory}, with {@code environment} changed (a null value
     * removes the variable), its output going to {@code directory/console.log}.
     */
    static ServerProcess start(String name, int port, List<String> command, Path directory,
            Map<String, String> environment) {
        Path log = directory.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            return new ServerProcess(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * Waits until {@code GET path} with {@code token} answers 200. A server that logs one of
     * {@code failureMarks} (a failed deployment, after which it runs on without the application)
     * fails the wait at once.
     *
     * @return how long it took
     * @throws IllegalStateException when the process ends first or {@code limit} passes (the
     *         process is stopped then; the message ends with its log's tail)
     */
    Duration awaitReady(String path, String token, Duration limit, List<String> failureMarks) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        while (true) {
            if (!process.isAlive()) {
                String message = name + " exited with status " + process.exitValue()
                        + " before it was ready";
                close();
                throw new IllegalStateException(message + "; " + log + ":\n" + logTail());
            }
            if (status(client, path, token) == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            String failure = logged(failureMarks);
            if (failure != null) {
                close();
                throw new IllegalStateException(name + " logged \"" + failure + "\"; " + log
                        + ":\n" + logTail());
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                close();
                throw new IllegalStateException(name + " did not answer 200 on " + path
                        + " within " + limit.toSeconds() + " s; " + log + ":\n" + logTail());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** {@code GET path}, with {@code token} unless it is null. */
    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(request(path, token), HttpResponse.BodyHandlers.ofString());
    }

    private int status(HttpClient client, String path, String token) {
        try {
            return client.send(request(path, token), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpRequest request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.GET().build();
    }

    /** The CPU time the server's JVM has used so far, or -1 where the system does not say. */
    long cpuNanos() {
        // With the process's descendants, in case a start script did not exec the JVM.
        long total = 0;
        for (ProcessHandle handle : (Iterable<ProcessHandle>) Stream.concat(
                Stream.of(process.toHandle()), process.descendants())::iterator) {
            Optional<Duration> cpu = handle.info().totalCpuDuration();
            if (cpu.isEmpty()) {
                return -1;
            }
            total += cpu.get().toNanos();
        }
        return total;
    }

    private String logged(List<String> marks) {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            return marks.stream().filter(text::contains).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and what it started; idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or ran, anyway
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a child that survives SIGKILL is beyond this run
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", 127.0.0.1:" + port + ")";
    }
}
