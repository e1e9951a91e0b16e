package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The figures behind the sizing advice in {@code docs/operations.md}: heap and lookup time of a
 * mirror holding a million live revoked {@code jti}s (UUID strings, as most issuers mint).
 */
class RevocationMirrorSizingTest {

    private static final int N = 1_000_000;
    private static final long LIMIT_BYTES = 150L * 1024 * 1024;

    @Test
    void aMillionLiveJtisTakeAt150MegabytesAtMostAndLookUpInNanoseconds() {
        Instant expiry = Instant.now().plusSeconds(3600);
        long before = usedHeapAfterGc();
        RevocationMirror mirror = new RevocationMirror(Clock.systemUTC(), Duration.ofSeconds(30));
        long start = System.nanoTime();
        for (int i = 0; i < N; i++) {
            mirror.revokeToken(jti(i), expiry);
        }
        long insertNanos = System.nanoTime() - start;
        long heap = usedHeapAfterGc() - before;

        String[] present = new String[200_000];
        String[] absent = new String[200_000];
        for (int i = 0; i < present.length; i++) {
            present[i] = jti(i * 5);
            absent[i] = jti(N + i);
        }
        String[] hot = new String[64];
        System.arraycopy(present, 0, hot, 0, hot.length);
        double hitNanos = Double.MAX_VALUE;
        double missNanos = Double.MAX_VALUE;
        double hotNanos = Double.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            hitNanos = Math.min(hitNanos, timeLookups(mirror, present, true));
            missNanos = Math.min(missNanos, timeLookups(mirror, absent, false));
            hotNanos = Math.min(hotNanos, timeHotLookups(mirror, hot));
        }

        System.out.printf("RevocationMirror, %,d live jtis: heap %.1f MB (table arrays %.1f MB),"
                + " insert %.0f ns each; lookup of random jtis %.0f ns (revoked) / %.0f ns (not"
                + " revoked), of the same 64 jtis over and over %.0f ns%n",
                N, heap / 1048576.0, mirror.tableBytes() / 1048576.0, insertNanos / (double) N,
                hitNanos, missNanos, hotNanos);
        assertTrue(mirror.tableBytes() <= LIMIT_BYTES, "table " + mirror.tableBytes());
        assertTrue(heap <= LIMIT_BYTES, "measured heap " + heap);
        assertTrue(mirror.isRevoked(jti(123_456), null, null));
        assertFalse(mirror.isRevoked(jti(N + 123_456), null, null));
    }

    @Test
    void forComparisonAConcurrentHashMapOfTheStringsTakesMore() {
        Instant expiry = Instant.now().plusSeconds(3600);
        long before = usedHeapAfterGc();
        ConcurrentHashMap<String, Instant> map = new ConcurrentHashMap<>();
        for (int i = 0; i < N; i++) {
            map.put(jti(i), expiry);
        }
        long heap = usedHeapAfterGc() - before;
        String[] present = new String[200_000];
        for (int i = 0; i < present.length; i++) {
            present[i] = jti(i * 5);
        }
        double hitNanos = Double.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            int found = 0;
            for (String jti : present) {
                if (map.containsKey(jti)) {
                    found++;
                }
            }
            hitNanos = Math.min(hitNanos, (System.nanoTime() - start) / (double) present.length);
            assertTrue(found == present.length);
        }
        System.out.printf("ConcurrentHashMap<String, Instant>, %,d live jtis: heap %.1f MB,"
                + " lookup of random jtis %.0f ns%n", N, heap / 1048576.0, hitNanos);
    }

    private static double timeLookups(RevocationMirror mirror, String[] jtis, boolean expected) {
        long start = System.nanoTime();
        int found = 0;
        for (String jti : jtis) {
            if (mirror.isRevoked(jti, null, null)) {
                found++;
            }
        }
        long nanos = System.nanoTime() - start;
        if ((found == jtis.length) != expected || (found == 0) == expected) {
            throw new AssertionError("found " + found + " of " + jtis.length);
        }
        return nanos / (double) jtis.length;
    }

    private static double timeHotLookups(RevocationMirror mirror, String[] jtis) {
        int rounds = 20_000;
        long start = System.nanoTime();
        int found = 0;
        for (int round = 0; round < rounds; round++) {
            for (String jti : jtis) {
                if (mirror.isRevoked(jti, null, null)) {
                    found++;
                }
            }
        }
        long nanos = System.nanoTime() - start;
        if (found != rounds * jtis.length) {
            throw new AssertionError("found " + found);
        }
        return nanos / (double) found;
    }

    /** A UUID string, different for every i, as issuers commonly mint. */
    private static String jti(long i) {
        return new UUID(mix(i), mix(i ^ 0x5DEECE66DL)).toString();
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
