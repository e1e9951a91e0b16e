package dev.perimeter.jwt.audit;

import dev.perimeter.jwt.revocation.RevocationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The audit trail of a filter: requests and the application {@link #record} events, one daemon
 * thread ({@value #THREAD_NAME}) writes each as a JSON line to the {@code java.util.logging}
 * logger {@value #LOGGER_NAME}, keeps the latest for {@link #recent}, and hands them to
 * {@linkplain #addListener listeners}.
 *
 * <p>{@link #record} never blocks and takes no lock: it puts the event in a bounded lock-free
 * queue, or, when the queue is full, drops it and counts the drop. The audit thread then says
 * how many were dropped in a {@link AuditEvent.Kind#WARNING} event, at once for the first drops
 * and at most once a minute after, so a flood of bad requests can neither exhaust memory nor
 * stall requests behind log I/O. Levels: {@code SEVERE} for alerts, {@code WARNING} for
 * warnings, {@code INFO} for everything else.
 *
 * <p>The same thread runs the responses Perimeter decides on a request's behalf but that need
 * I/O, such as revoking a token in a shared store ({@link #execute}).
 */
public final class AuditLog implements AutoCloseable {

    /** The logger audit lines go to. */
    public static final String LOGGER_NAME = "dev.perimeter.audit";
    /** The name of the audit thread. */
    public static final String THREAD_NAME = "perimeter-audit";
    /** Tasks that may wait at once; they are rare (one per detection that fires). */
    static final int MAX_TASKS = 1024;
    /** How often, at most, dropped events are reported after the first report. */
    static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);

    private static final Logger AUDIT = Logger.getLogger(LOGGER_NAME);
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Clock clock;
    private final int capacity;
    /** Events (AuditEvent) and tasks (Runnable) in the order given. */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicInteger queuedTasks = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLongArray delivered = new AtomicLongArray(AuditEvent.Kind.values().length);
    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();
    private final History history;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean listenerFailureLogged = new AtomicBoolean();
    /** True while the audit thread is about to park or parked: producers then wake it. */
    private volatile boolean idle;
    /** Audit thread only: drops already reported, and when. */
    private long droppedReported;
    private Instant lastDropReport;

    /**
     * Starts the audit thread.
     *
     * @param clock         the time of the events the audit log makes itself, and of drop reports
     * @param queueCapacity events that may wait for the audit thread; more are dropped
     * @param historySize   latest events kept for {@link #recent}; 0 keeps none
     */
    public AuditLog(Clock clock, int queueCapacity, int historySize) {
        if (queueCapacity < 1 || historySize < 0) {
            throw new IllegalArgumentException("queueCapacity < 1 or historySize < 0");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = queueCapacity;
        this.history = new History(historySize);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /** The clock of this log; events the filter records carry its time. */
    public Clock clock() {
        return clock;
    }

    /**
     * Queues {@code event} for the audit thread, without blocking.
     *
     * @return false when it was dropped because the queue is full (counted in {@link #dropped()}),
     *         or because this log is closed
     */
    public boolean record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            return false;
        }
        if (!offer(event, queuedEvents, capacity)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /**
     * Runs {@code task} on the audit thread after the events queued before it: for responses that
     * need I/O, such as a revocation, which must never run on a request's thread. Tasks are not
     * dropped with events; more than {@value #MAX_TASKS} waiting at once are refused and logged.
     *
     * @return false when the task was refused
     */
    public boolean execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed.get()) {
            return false;
        }
        if (!offer(task, queuedTasks, MAX_TASKS)) {
            LOG.warning("Perimeter: the audit thread has " + MAX_TASKS + " tasks waiting;"
                    + " a response (such as a revocation) was not run");
            return false;
        }
        return true;
    }

    /**
     * Queues an event or a task for the audit thread unless {@code queued}, the count of its
     * kind waiting, would exceed {@code limit}; {@link #handle} counts it down when taken.
     */
    private boolean offer(Object item, AtomicInteger queued, int limit) {
        if (queued.incrementAndGet() > limit) {
            queued.decrementAndGet();
            return false;
        }
        queue.offer(item);
        wake();
        return true;
    }

    /**
     * Waits until everything queued before this call has been logged and delivered, at most
     * {@code timeout}. For tests and orderly shutdown; never call it on a request's thread.
     *
     * @return whether everything was delivered in time
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        if (!execute(done::countDown)) {
            return false;
        }
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The latest events, newest first, at most {@code max} (and at most the history size). */
    public List<AuditEvent> recent(int max) {
        return history.latest(max, event -> true);
    }

    /** The latest events that {@code filter} accepts, newest first, at most {@code max}. */
    public List<AuditEvent> recent(int max, Predicate<AuditEvent> filter) {
        return history.latest(max, Objects.requireNonNull(filter, "filter"));
    }

    /** Adds a listener for every event delivered from now on. */
    public void addListener(AuditListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(AuditListener listener) {
        listeners.remove(listener);
    }

    /** Events dropped because the queue was full, since the start. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events waiting for the audit thread now. */
    public int queued() {
        return Math.max(0, queuedEvents.get());
    }

    /** Events of {@code kind} logged and delivered since the start. */
    public long delivered(AuditEvent.Kind kind) {
        return delivered.get(kind.ordinal());
    }

    /**
     * A store that records a {@link AuditEvent.Kind#REVOKED} event for every revocation made
     * through it (and a failed one for a revocation the store refused), so that an application
     * that revokes through it needs no audit code of its own. The events carry no request data;
     * record your own with {@code AuditEvents.of(…)} where the client's address matters.
     */
    public RevocationStore auditing(RevocationStore store) {
        return new AuditingRevocationStore(store, this);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops taking events, delivers those queued (for up to 5 seconds), and stops the audit
     * thread. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    private void wake() {
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (true) {
            Object item = queue.poll();
            if (item != null) {
                handle(item);
                continue;
            }
            reportDrops();
            if (closed.get()) {
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            idle = true;
            if (queue.isEmpty() && !closed.get()) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
            idle = false;
            if (Thread.interrupted() && closed.get()) {
                return;
            }
        }
    }

    private void handle(Object item) {
        if (item instanceof AuditEvent) {
            queuedEvents.decrementAndGet();
            deliver((AuditEvent) item);
        } else {
            queuedTasks.decrementAndGet();
            reportDrops(); // so that flush() also waits for the report of earlier drops
            try {
                ((Runnable) item).run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "Perimeter: a task on the audit thread failed", e);
            }
        }
    }

    private void deliver(AuditEvent event) {
        Level level = level(event.kind());
        if (AUDIT.isLoggable(level)) {
            LogRecord record = new LogRecord(level, event.toJson());
            record.setLoggerName(LOGGER_NAME);
            // Set, not inferred: inferring walks the stack, and the audit thread says nothing.
            record.setSourceClassName(LOGGER_NAME);
            record.setSourceMethodName(event.kind().label());
            record.setInstant(event.time());
            AUDIT.log(record);
        }
        delivered.incrementAndGet(event.kind().ordinal());
        history.add(event);
        for (AuditListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                if (listenerFailureLogged.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "Perimeter: an audit listener failed (logged once,"
                            + " later failures at FINE)", e);
                } else {
                    LOG.log(Level.FINE, "Perimeter: an audit listener failed", e);
                }
            }
        }
    }

    /** Reports new drops in one warning event: the first at once, then once an interval. */
    private void reportDrops() {
        long total = dropped.sum();
        if (total == droppedReported) {
            return;
        }
        Instant now = clock.instant();
        if (lastDropReport != null && now.isBefore(lastDropReport.plus(DROP_REPORT_INTERVAL))) {
            return;
        }
        long since = total - droppedReported;
        droppedReported = total;
        lastDropReport = now;
        deliver(AuditEvent.builder(AuditEvent.Kind.WARNING).time(now)
                .outcome("dropped").reason("audit_events_dropped")
                .detail("dropped", since).detail("dropped_total", total)
                .detail("queue_size", capacity).build());
    }

    static Level level(AuditEvent.Kind kind) {
        switch (kind) {
            case ALERT:
                return Level.SEVERE;
            case WARNING:
                return Level.WARNING;
            default:
                return Level.INFO;
        }
    }

    /** The latest events in a ring; written by the audit thread, read by anyone. */
    private static final class History {
        private final AuditEvent[] ring;
        private long written;

        History(int size) {
            this.ring = new AuditEvent[size];
        }

        synchronized void add(AuditEvent event) {
            if (ring.length == 0) {
                return;
            }
            ring[(int) (written % ring.length)] = event;
            written++;
        }

        synchronized List<AuditEvent> latest(int max, Predicate<AuditEvent> filter) {
            List<AuditEvent> result = new ArrayList<>(Math.min(Math.max(max, 0), ring.length));
            for (long i = written - 1; i >= 0 && i >= written - ring.length && result.size() < max;
                    i--) {
                AuditEvent event = ring[(int) (i % ring.length)];
                if (filter.test(event)) {
                    result.add(event);
                }
            }
            return result;
        }
    }
}
