package dev.perimeter.jwt.revocation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local copy of the revocation state that the request path reads: every store keeps one, so
 * the lookup logic exists once. Lookups are lock-free and O(1); writes are serialized among
 * themselves and never block readers.
 *
 * <p><b>Denylisted {@code jti}s</b> are held compactly, because a busy system can have a million
 * of them alive: each {@code jti} is reduced to a 128-bit value (MurmurHash3 x64_128 with seeds
 * drawn per mirror) in an open-addressing table of primitive arrays, with the token's
 * expiry as whole seconds; about 20 bytes a slot at a load of 3/8 to 3/4, so some 40 MB for a
 * million entries. A lookup can never miss a revoked {@code jti} (the same string always gives
 * the same value, and entries leave only once expired). Two different {@code jti}s sharing all
 * 128 bits would make the second one look revoked: with a million entries that chance is about
 * 10<sup>-33</sup> per lookup, and it can only refuse a token, never admit one.
 *
 * <p><b>Subject cutoffs</b> are few (one per subject that logged out everywhere) and sit in a
 * {@link ConcurrentHashMap}. Without {@code max-age} they are kept for good: a token's lifetime
 * is its issuer's choice, so a token issued before a cutoff may still be alive at any later
 * time. With {@code max-age} a token issued before instant <i>c</i> is refused as too old once
 * <i>c</i> + max-age + leeway has passed (and one without {@code iat} is refused anyway), so a
 * cutoff older than that refuses nothing the verifier would admit: {@link #subjectHorizon()}
 * gives that instant, and purging drops such cutoffs. Every store uses this one rule for its
 * mirror and for what it deletes from its shared store.
 *
 * <p>Why this is safe without locks: a slot is written once per table, its second word first and
 * its first word last with release semantics, and readers read the first word with acquire
 * semantics; slots are never emptied in place. Purging and growing build a new table and publish
 * it through a volatile field; a reader still on the old table sees a consistent set.
 */
public final class RevocationMirror {

    /** Expiries are stored as seconds after this instant (2020-01-01T00:00:00Z). */
    private static final long EPOCH_BASE = 1_577_836_800L;
    private static final int MIN_CAPACITY = 64;
    /** The largest table: keys array of 2^30 longs. */
    private static final int MAX_CAPACITY = 1 << 29;
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);

    private final Clock clock;
    private final Duration leeway;
    /** {@code leeway} plus {@code max-age}, or null without {@code max-age}. */
    private final Duration cutoffLifetime;
    private final long seed1;
    private final long seed2;
    private final ConcurrentHashMap<String, Instant> subjectCutoffs = new ConcurrentHashMap<>();
    private volatile Table table = new Table(MIN_CAPACITY);

    /**
     * @param clock  the clock that decides expiry when purging
     * @param leeway how long past its {@code exp} a token's entry is kept
     */
    public RevocationMirror(Clock clock, Duration leeway) {
        this(clock, leeway, null);
    }

    /**
     * @param clock  the clock that decides expiry when purging; the verifier's, since whether an
     *               old cutoff still matters depends on what the verifier refuses as too old
     * @param leeway how long past its {@code exp} a token's entry is kept
     * @param maxAge the filter's {@code max-age}, or null: subject cutoffs are then never purged
     */
    public RevocationMirror(Clock clock, Duration leeway, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        this.cutoffLifetime = maxAge == null ? null : leeway.plus(maxAge);
        SecureRandom random = new SecureRandom();
        this.seed1 = random.nextLong();
        this.seed2 = random.nextLong();
    }

    /** The semantics of {@link RevocationStore#isRevoked}; lock-free. */
    public boolean isRevoked(String jti, String subject, Instant issuedAt) {
        if (jti != null && containsToken(jti)) {
            return true;
        }
        if (subject != null) {
            Instant cutoff = subjectCutoffs.get(subject);
            return cutoff != null && (issuedAt == null || issuedAt.isBefore(cutoff));
        }
        return false;
    }

    /** Whether {@code jti} is on the denylist. */
    public boolean containsToken(String jti) {
        Table t = table;
        if (t.size == 0) {
            return false;
        }
        Key key = key(jti);
        long h1 = key.hi;
        long h2 = key.lo;
        long[] keys = t.keys;
        int slot = (int) h2 & t.mask;
        while (true) {
            long k = (long) KEYS.getAcquire(keys, slot << 1);
            if (k == 0) {
                return false;
            }
            if (k == h1 && keys[(slot << 1) + 1] == h2) {
                return true;
            }
            slot = (slot + 1) & t.mask;
        }
    }

    /**
     * Denylists {@code jti} until {@code expiresAt} (plus the leeway); a later expiry for the same
     * {@code jti} wins.
     */
    public void revokeToken(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        int expiry = expirySeconds(Objects.requireNonNull(expiresAt, "expiresAt"));
        Key key = key(jti);
        synchronized (this) {
            Table t = table;
            if (t.size + 1 > t.threshold) {
                t = rebuild(t, 1);
            }
            t.put(key.hi, key.lo, expiry);
        }
    }

    /**
     * Sets a subject cutoff; a later cutoff for the same subject wins. A cutoff before the
     * {@link #subjectHorizon() horizon} refuses nothing and is not kept.
     */
    public void revokeSubject(String subject, Instant cutoff) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(cutoff, "cutoff");
        if (!isObsolete(cutoff)) {
            subjectCutoffs.merge(subject, cutoff, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /**
     * The instant before which a subject cutoff no longer refuses any token that the verifier
     * would admit: now minus {@code max-age} minus leeway, since every token issued before it is
     * refused as too old (and a token without {@code iat} is refused when {@code max-age} is
     * set). Null without {@code max-age}: then no cutoff may ever be dropped.
     */
    public Instant subjectHorizon() {
        return cutoffLifetime == null ? null : clock.instant().minus(cutoffLifetime);
    }

    /**
     * How long from now the cutoff still matters, in milliseconds (0 or less: not at all), or
     * {@link Long#MAX_VALUE} without {@code max-age}.
     */
    public long cutoffRemainingMillis(Instant cutoff) {
        if (cutoffLifetime == null) {
            return Long.MAX_VALUE;
        }
        return cutoff.plus(cutoffLifetime).toEpochMilli() - clock.millis();
    }

    /** Whether a cutoff at {@code cutoff} is before the {@link #subjectHorizon() horizon}. */
    public boolean isObsolete(Instant cutoff) {
        Instant horizon = subjectHorizon();
        return horizon != null && !cutoff.isAfter(horizon);
    }

    /**
     * Removes the {@code jti}s whose expiry plus leeway has passed, and the subject cutoffs
     * before the {@link #subjectHorizon() horizon}.
     *
     * @return how many {@code jti}s were removed
     */
    public int purgeExpired() {
        if (cutoffLifetime != null) {
            Instant horizon = subjectHorizon();
            // Atomic per entry: a later cutoff merged meanwhile is kept.
            subjectCutoffs.values().removeIf(cutoff -> !cutoff.isAfter(horizon));
        }
        synchronized (this) {
            Table t = table;
            if (countLive(t, horizon()) == t.size) {
                return 0;
            }
            return t.size - rebuild(t, 0).size;
        }
    }

    /** Denylisted {@code jti}s held (expired ones count until purged). */
    public int tokenCount() {
        return table.size;
    }

    /** Subjects with a cutoff. */
    public int subjectCount() {
        return subjectCutoffs.size();
    }

    /** The bytes held by the {@code jti} table's arrays; the subject map is not counted. */
    public long tableBytes() {
        Table t = table;
        return 16L + t.keys.length * 8L + 16L + t.expiries.length * 4L;
    }

    /**
     * Builds the next table without expired entries, with room for {@code extra} more at a load
     * of at most one half, and publishes it.
     */
    private Table rebuild(Table old, int extra) {
        long horizon = horizon();
        long wanted = (long) countLive(old, horizon) + extra;
        int capacity = MIN_CAPACITY;
        while (capacity < MAX_CAPACITY && capacity < 2 * wanted) {
            capacity <<= 1;
        }
        if (wanted > capacity / 4 * 3) {
            throw new IllegalStateException("the revocation mirror is full (" + wanted + " entries)");
        }
        Table next = new Table(capacity);
        for (int slot = 0; slot <= old.mask; slot++) {
            long k = old.keys[slot << 1];
            if (k != 0 && old.expiries[slot] >= horizon) {
                next.put(k, old.keys[(slot << 1) + 1], old.expiries[slot]);
            }
        }
        table = next;
        return next;
    }

    /** Entries of {@code t} that expire at or after {@code horizon} (seconds after the base). */
    private static int countLive(Table t, long horizon) {
        int live = 0;
        for (int slot = 0; slot <= t.mask; slot++) {
            if (t.keys[slot << 1] != 0 && t.expiries[slot] >= horizon) {
                live++;
            }
        }
        return live;
    }

    /**
     * Entries whose (rounded-up) expiry is before this, in seconds after the base, are expired
     * beyond the leeway.
     */
    private long horizon() {
        return clock.instant().minus(leeway).getEpochSecond() - EPOCH_BASE;
    }

    /** Whole seconds after {@link #EPOCH_BASE}, rounded up so an entry is never dropped early. */
    private static int expirySeconds(Instant expiresAt) {
        long seconds = expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0) - EPOCH_BASE;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, seconds));
    }

    /**
     * The 128-bit key of a {@code jti}: MurmurHash3 x64_128 over the string's UTF-16 code units,
     * eight characters (two 64-bit lanes) at a time, with this mirror's seeds. The first half is
     * never 0, which marks an empty slot. Allocated per call, but small and short-lived enough
     * for the JIT to keep in registers.
     */
    private Key key(String jti) {
        final long c1 = 0x87c37b91114253d5L;
        final long c2 = 0x4cf5ad432745937fL;
        long h1 = seed1;
        long h2 = seed2;
        int length = jti.length();
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long k1 = lane(jti, i);
            long k2 = lane(jti, i + 4);
            k1 *= c1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= c2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= c2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= c1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        for (int shift = 0; i < length; i++, shift += 16) {
            if (shift < 64) {
                k1 |= (long) jti.charAt(i) << shift;
            } else {
                k2 |= (long) jti.charAt(i) << (shift - 64);
            }
        }
        k2 *= c2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        k1 *= c1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return new Key(h1 == 0 ? 1 : h1, h2);
    }

    private static long lane(String s, int i) {
        return s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                | (long) s.charAt(i + 3) << 48;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A {@code jti}'s 128 bits: {@code hi} (never 0) and {@code lo}. */
    private static final class Key {
        final long hi;
        final long lo;

        Key(long hi, long lo) {
            this.hi = hi;
            this.lo = lo;
        }
    }

    /** One generation of the open-addressing table; written only under the mirror's lock. */
    private static final class Table {
        /** Slot i holds its key's {@code hi} at 2i (0: empty) and its {@code lo} at 2i+1. */
        final long[] keys;
        final int[] expiries;
        final int mask;
        final int threshold;
        volatile int size;

        Table(int capacity) {
            keys = new long[capacity << 1];
            expiries = new int[capacity];
            mask = capacity - 1;
            threshold = capacity / 4 * 3;
        }

        void put(long h1, long h2, int expiry) {
            int slot = (int) h2 & mask;
            while (true) {
                long k = keys[slot << 1];
                if (k == 0) {
                    expiries[slot] = expiry;
                    keys[(slot << 1) + 1] = h2;
                    KEYS.setRelease(keys, slot << 1, h1);
                    size = size + 1;
                    return;
                }
                if (k == h1 && keys[(slot << 1) + 1] == h2) {
                    if (expiry > expiries[slot]) {
                        expiries[slot] = expiry;
                    }
                    return;
                }
                slot = (slot + 1) & mask;
            }
        }
    }
}
