package dev.perimeter.jwt.keys;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of key fetching: daemon threads, named so a thread dump says whose they are, with
 * no context class loader, so that none holds a web application's class loader after it is
 * undeployed.
 */
final class KeyFetchThreads {

    private KeyFetchThreads() {
    }

    /** Threads named {@code name}. */
    static ThreadFactory named(String name) {
        return runnable -> thread(runnable, name);
    }

    /** Threads named {@code prefix} and a number counted in {@code numbers}. */
    static ThreadFactory numbered(String prefix, AtomicInteger numbers) {
        return runnable -> thread(runnable, prefix + numbers.incrementAndGet());
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        return thread;
    }
}
