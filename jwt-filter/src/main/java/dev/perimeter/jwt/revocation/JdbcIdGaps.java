package dev.perimeter.jwt.revocation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which ids below the highest one read a {@link JdbcRevocationStore} node has not seen yet, and
 * until when it keeps looking for them.
 *
 * <p>Ids come from an identity column, so concurrent writers do not wait for each other, but
 * they commit in any order: a node can read id 12 while the transaction holding id 11 has not
 * committed yet. So every id skipped over becomes a gap, looked for again at every poll, until
 * its row shows up or until the in-flight limit ({@link #IN_FLIGHT_LIMIT_NANOS}) after the gap
 * was noticed. That is safe
 * because writers re-write any revocation whose insert took longer than half that limit (see
 * {@link JdbcRevocationStore}): id 11 was handed out before id 12 was, id 12 was committed before
 * this node read it, so a transaction holding 11 that takes less than the limit commits before
 * a poll that starts the limit after this node read 12. (This needs ids handed out in the
 * order of time, as identity columns do unless given a per-session cache.) A gap that is never filled
 * is a rolled-back insert or a deleted row.
 *
 * <p>Times are {@link System#nanoTime()} values, given by the caller: what matters is the real
 * time elapsed, not the (injectable) clock that decides expiry. Used by one thread.
 */
final class JdbcIdGaps {

    /** How long a gap is looked for unless told otherwise: writers re-write after half of it. */
    static final long IN_FLIGHT_LIMIT_NANOS = 30_000_000_000L;

    /** Gaps by first id: {last id, deadline}. */
    private final TreeMap<Long, long[]> gaps = new TreeMap<>();
    private final long limit;
    private long highest;

    /**
     * Starts after {@code highest}: ids up to it count as seen.
     *
     * @param limitNanos how long a gap is looked for
     */
    JdbcIdGaps(long highest, long limitNanos) {
        this.highest = highest;
        this.limit = limitNanos;
    }

    /** The highest id read. */
    long highest() {
        return highest;
    }

    /**
     * Records that the row {@code id} was read, its result having arrived at {@code now}: skipped
     * ids below it become gaps, and a gap it falls into shrinks.
     */
    void seen(long id, long now) {
        if (id > highest) {
            if (id > highest + 1) {
                gaps.put(highest + 1, new long[] {id - 1, now + limit});
            }
            highest = id;
            return;
        }
        Map.Entry<Long, long[]> gap = gaps.floorEntry(id);
        if (gap == null || gap.getValue()[0] < id) {
            return; // read before, or given up on
        }
        long first = gap.getKey();
        long last = gap.getValue()[0];
        long deadline = gap.getValue()[1];
        gaps.remove(first);
        if (first < id) {
            gaps.put(first, new long[] {id - 1, deadline});
        }
        if (id < last) {
            gaps.put(id + 1, new long[] {last, deadline});
        }
    }

    /** The open gaps, as {first, last} pairs in id order. */
    List<long[]> ranges() {
        List<long[]> ranges = new ArrayList<>(gaps.size());
        for (Map.Entry<Long, long[]> gap : gaps.entrySet()) {
            ranges.add(new long[] {gap.getKey(), gap.getValue()[0]});
        }
        return ranges;
    }

    /**
     * Gives up on the gaps whose deadline is at or before {@code searchStarted}: the caller's
     * search that began then did not find them, so they will never fill.
     */
    void expire(long searchStarted) {
        Iterator<long[]> it = gaps.values().iterator();
        while (it.hasNext()) {
            if (it.next()[1] - searchStarted <= 0) {
                it.remove();
            }
        }
    }

    /** Open gaps. */
    int size() {
        return gaps.size();
    }
}
