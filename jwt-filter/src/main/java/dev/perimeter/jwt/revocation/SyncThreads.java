package dev.perimeter.jwt.revocation;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The background thread of a shared store. */
public final class SyncThreads {

    /** The name of every store's background thread. */
    public static final String NAME = "perimeter-revocation-sync";

    private SyncThreads() {
    }

    /**
     * A single daemon thread named {@value #NAME}: a store's sync never keeps a JVM alive, and a
     * thread dump says whose it is. Periodic tasks stop at {@code shutdown()}.
     */
    public static ScheduledExecutorService newScheduler() {
        return newScheduler(NAME);
    }

    /** The same, for another of a store's own threads, named {@code name}. */
    public static ScheduledExecutorService newScheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /**
     * Stops a scheduler: waits for a running sync to finish (interrupting JDBC or file I/O can
     * break a connection or an embedded database), then interrupts it if it does not.
     */
    public static void stop(ScheduledExecutorService executor, long timeoutMillis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
