package dev.perimeter.jwt.keys;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The threads and the HTTP client that many {@link RemoteKeySource}s share: those of the issuers
 * trusted at run time, which may be hundreds. One thread ({@code perimeter-jwks-refresh}) times
 * every refresh; the fetches themselves run on at most {@value #FETCH_THREADS} threads that end
 * when idle, so hundreds of issuers cost a few threads; each fetch is bounded by {@code
 * jwks-timeout}, so slow providers delay the others by at most that. Whoever creates it closes
 * it, after the key sources that use it.
 */
public final class SharedKeyFetching implements AutoCloseable {

    /** Fetches that run at once; more wait in line. */
    static final int FETCH_THREADS = 3;

    private final Duration timeout;
    private final boolean allowHttpLoopback;
    private final SSLContext tls;
    /** Made on first use: an application that adds no issuer starts no HTTP client. */
    private JsonDocumentFetcher fetcher;
    private boolean closed;
    final ScheduledThreadPoolExecutor scheduler;
    final ExecutorService fetches;

    /**
     * @param timeout           connect and response time-out of each fetch
     * @param allowHttpLoopback whether plain {@code http://} is allowed for loopback hosts
     * @param tls               the TLS context of key fetches, or null for the JVM's default
     */
    public SharedKeyFetching(Duration timeout, boolean allowHttpLoopback, SSLContext tls) {
        this.timeout = timeout;
        this.allowHttpLoopback = allowHttpLoopback;
        this.tls = tls;
        this.scheduler = new ScheduledThreadPoolExecutor(1,
                KeyFetchThreads.named("perimeter-jwks-refresh"));
        // A removed issuer's pending refresh leaves the queue at once, not when it would have run.
        scheduler.setRemoveOnCancelPolicy(true);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(FETCH_THREADS, FETCH_THREADS, 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                KeyFetchThreads.named("perimeter-jwks-refresh"));
        pool.allowCoreThreadTimeOut(true);
        this.fetches = pool;
    }

    /** The shared HTTP client, made on first use. */
    synchronized JsonDocumentFetcher fetcher() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (fetcher == null) {
            fetcher = new JsonDocumentFetcher(timeout, allowHttpLoopback, tls);
        }
        return fetcher;
    }

    /** Stops the threads and the HTTP client, waiting a moment for them to end. */
    @Override
    public void close() {
        JsonDocumentFetcher made;
        synchronized (this) {
            closed = true;
            made = fetcher;
        }
        scheduler.shutdownNow();
        fetches.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            fetches.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (made != null) {
            made.close();
        }
    }
}
