package dev.perimeter.jwt.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tokens whose signature and claims were verified, keyed by the whole token text, each until its
 * expiry. Bounded in entries ({@code maxEntries}) and in memory: at most {@code maxEntries}
 * KiB of token text in all (the parsed claims a value holds are of the same order), so a flood of
 * long tokens cannot grow it past what a flood of ordinary ones would.
 *
 * <p>A hit is one {@link ConcurrentHashMap} read and no lock. Inserting (only after a full
 * verification, the slow path) may trigger eviction: at most one thread at a time sweeps,
 * claimed by a compare-and-set, and the others neither wait nor insert past the bound. The sweep
 * drops expired entries first, then gives each recently used entry a second chance (the CLOCK
 * policy) until the cache is down to nine tenths of its bounds.
 *
 * <p>The cache only saves repeating the work; the caller still checks everything that can change
 * while a token is cached (time, revocation, the key in force) on every hit.
 *
 * @param <V> what is kept per token
 */
public final class VerifiedTokenCache<V> {

    /** Token text allowed per entry, on average, in chars (one byte each: tokens are ASCII). */
    static final long CHARS_PER_ENTRY = 1024;

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long maxChars;
    private final Clock clock;
    private final AtomicLong chars = new AtomicLong();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Counted for monitoring: one uncontended add each, no lock. */
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param maxEntries how many tokens may be kept; 0 turns the cache off
     * @param clock      decides when an entry has expired
     */
    public VerifiedTokenCache(int maxEntries, Clock clock) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries < 0");
        }
        this.maxEntries = maxEntries;
        this.maxChars = maxEntries * CHARS_PER_ENTRY;
        this.clock = clock;
    }

    private static final class Entry<V> {
        final V value;
        final long expiresAtMillis;
        final int weight;
        /** Set on a hit, cleared by the sweep: the second chance. */
        volatile boolean used;

        Entry(V value, long expiresAtMillis, int weight) {
            this.value = value;
            this.expiresAtMillis = expiresAtMillis;
            this.weight = weight;
        }
    }

    public boolean isEnabled() {
        return maxEntries > 0;
    }

    /** The value kept for {@code token}, or null when there is none or it has expired. */
    public V get(String token) {
        if (maxEntries == 0) {
            return null;
        }
        Entry<V> entry = entries.get(token);
        if (entry == null) {
            misses.increment();
            return null;
        }
        if (clock.millis() >= entry.expiresAtMillis) {
            remove(token, entry);
            misses.increment();
            return null;
        }
        if (!entry.used) {
            entry.used = true;
        }
        hits.increment();
        return entry.value;
    }

    /**
     * Keeps {@code value} for {@code token} until {@code expiresAt}, when there is room or room
     * can be made; otherwise does nothing.
     */
    public void put(String token, V value, Instant expiresAt) {
        if (maxEntries == 0 || token.length() > maxChars) {
            return;
        }
        long expiresAtMillis = expiresAt.toEpochMilli();
        if (clock.millis() >= expiresAtMillis) {
            return;
        }
        if (isFull(token.length())) {
            sweep();
            if (isFull(token.length())) {
                return;
            }
        }
        Entry<V> entry = new Entry<>(value, expiresAtMillis, token.length());
        if (entries.putIfAbsent(token, entry) == null) {
            chars.addAndGet(entry.weight);
        }
    }

    /** Forgets {@code token}. */
    public void remove(String token) {
        Entry<V> entry = entries.get(token);
        if (entry != null) {
            remove(token, entry);
        }
    }

    /** The number of tokens kept. */
    public int size() {
        return entries.size();
    }

    /** Lookups that found a live entry, since the cache was built. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that found none (or an expired one), since the cache was built; 0 when off. */
    public long misses() {
        return misses.sum();
    }

    /** The token text kept, in chars. */
    public long chars() {
        return chars.get();
    }

    private boolean isFull(int incomingChars) {
        return entries.size() >= maxEntries || chars.get() + incomingChars > maxChars;
    }

    private void remove(String token, Entry<V> entry) {
        if (entries.remove(token, entry)) {
            chars.addAndGet(-entry.weight);
        }
    }

    /** Brings the cache down to nine tenths of its bounds; one thread at a time, others skip. */
    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = clock.millis();
            for (Map.Entry<String, Entry<V>> e : entries.entrySet()) {
                if (now >= e.getValue().expiresAtMillis) {
                    remove(e.getKey(), e.getValue());
                }
            }
            long targetEntries = maxEntries - Math.max(1, maxEntries / 10);
            long targetChars = maxChars - maxChars / 10;
            // Two passes at most: the first may only clear second chances.
            for (int pass = 0; pass < 2 && isAbove(targetEntries, targetChars); pass++) {
                Iterator<Map.Entry<String, Entry<V>>> it = entries.entrySet().iterator();
                while (it.hasNext() && isAbove(targetEntries, targetChars)) {
                    Map.Entry<String, Entry<V>> e = it.next();
                    Entry<V> entry = e.getValue();
                    if (entry.used) {
                        entry.used = false;
                    } else {
                        remove(e.getKey(), entry);
                    }
                }
            }
        } finally {
            sweeping.set(false);
        }
    }

    private boolean isAbove(long targetEntries, long targetChars) {
        return entries.size() > targetEntries || chars.get() > targetChars;
    }
}
