package dev.perimeter.it.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One container in a process of its own: started with its output going to a log file, waited
 * for until it answers {@link Readiness#PATH}, and always stopped: by {@link #close()}, or by a
 * JVM shutdown hook when the test run itself is cut short. A process that does not stop within
 * {@link #STOP_TIMEOUT} is killed with everything it started.
 */
public final class ContainerProcess implements AutoCloseable {

    /** How long a container may take to stop gracefully before it and its children are killed. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<ContainerProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 60;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> RUNNING.forEach(ContainerProcess::close), "src-it-container-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private ContainerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to (or, for a
     * null value, removed from) this JVM's, stdout and stderr both going to {@code log}.
     */
    public static ContainerProcess start(String name, List<String> command, Path directory,
            Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            Files.createDirectories(log.getParent());
            ContainerProcess started = new ContainerProcess(name, builder.start(), log);
            RUNNING.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Waits until {@code GET <root>}{@link Readiness#PATH} answers 200.
     *
     * @return how long it took
     * @throws IllegalStateException when the process ends first or {@code limit} passes; the
     *         process is stopped then, and the message ends with the tail of its log
     */
    public Duration awaitReady(URI root, Duration limit) {
        return awaitReadyAt(root.resolve(Readiness.PATH.substring(1)), limit);
    }

    /** Waits until {@code GET probe} answers 200, as {@link #awaitReady(URI, HttpClient, Duration)}. */
    public Duration awaitReadyAt(URI probe, Duration limit) {
        return awaitReady(probe, client, limit);
    }

    /**
     * Waits until {@code GET probe}, sent with {@code probeClient} (one that trusts the
     * container's certificate, for an https probe), answers 200.
     *
     * @return how long it took
     * @throws IllegalStateException when the process ends first or {@code limit} passes; the
     *         process is stopped then, and the message ends with the tail of its log
     */
    public Duration awaitReady(URI probe, HttpClient probeClient, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String message = name + " exited with status " + process.exitValue()
                        + " before it was ready";
                close();
                throw new IllegalStateException(message + "; log " + log + ":\n" + logTail());
            }
            if (answers200(probeClient, probe)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(name + " not ready within " + limit.toSeconds()
                        + " s (" + probe + "); log " + log + ":\n" + logTail());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    private static boolean answers200(HttpClient client, URI probe) {
        try {
            HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process id, for the logs. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file that receives the process's output. */
    public Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the container and every process it started: a graceful stop (SIGTERM, which runs
     * the container's own shutdown, or a start script's forwarding of it), then, after
     * {@link #STOP_TIMEOUT}, a kill of the whole tree. A child that outlives its parent's
     * graceful exit (a script that did not wait for it) is stopped the same way on its own.
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                List<ProcessHandle> children = process.descendants().toList();
                process.destroy();
                if (process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    stop(children.stream().filter(ProcessHandle::isAlive).toList());
                } else {
                    List<ProcessHandle> tree = new ArrayList<>(children);
                    tree.addAll(process.descendants().toList());
                    tree.add(process.toHandle());
                    kill(tree);
                }
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(this);
        }
    }

    /** SIGTERM to each, a shared wait of {@link #STOP_TIMEOUT}, then SIGKILL to what is left. */
    private static void stop(List<ProcessHandle> processes) throws InterruptedException {
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle handle : processes) {
            if (!awaitExit(handle, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                left.add(handle);
            }
        }
        kill(left);
    }

    private static void kill(List<ProcessHandle> processes) throws InterruptedException {
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : processes) {
            awaitExit(handle, STOP_TIMEOUT); // one that survives SIGKILL is beyond this harness
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration limit) throws InterruptedException {
        try {
            handle.onExit().get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
