package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RevocationMirrorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final MutableClock clock = MutableClock.fixedAt(NOW);
    private final RevocationMirror mirror = new RevocationMirror(clock, Duration.ofSeconds(30));

    @Test
    void aRevokedJtiIsRevokedAndOthersAreNot() {
        mirror.revokeToken("t1", NOW.plusSeconds(300));
        assertTrue(mirror.isRevoked("t1", "alice", NOW));
        assertTrue(mirror.isRevoked("t1", null, null));
        assertFalse(mirror.isRevoked("t2", "alice", NOW));
        assertFalse(mirror.isRevoked("t1 ", null, null));
        assertFalse(mirror.isRevoked("", null, null));
        assertFalse(mirror.isRevoked(null, null, null));
    }

    @Test
    void aSubjectCutoffRevokesTokensIssuedBeforeItAndThoseWithoutIat() {
        mirror.revokeSubject("alice", NOW);
        assertTrue(mirror.isRevoked("a", "alice", NOW.minusNanos(1)));
        assertTrue(mirror.isRevoked("b", "alice", null));
        assertFalse(mirror.isRevoked("c", "alice", NOW));
        assertFalse(mirror.isRevoked("d", "alice", NOW.plusSeconds(1)));
        assertFalse(mirror.isRevoked("e", "bob", NOW.minusSeconds(100)));
        assertFalse(mirror.isRevoked(null, null, NOW.minusSeconds(100)));
    }

    @Test
    void aLaterCutoffWinsOverAnEarlierOne() {
        mirror.revokeSubject("alice", NOW);
        mirror.revokeSubject("alice", NOW.minusSeconds(60));
        assertTrue(mirror.isRevoked("a", "alice", NOW.minusSeconds(30)));
        assertEquals(1, mirror.subjectCount());
    }

    @Test
    void expiredEntriesArePurgedOnlyAfterTheLeeway() {
        mirror.revokeToken("t1", NOW.plusSeconds(10));
        mirror.revokeToken("t2", NOW.plusSeconds(10).plusMillis(1));
        clock.set(NOW.plusSeconds(10 + 29));
        assertEquals(0, mirror.purgeExpired());
        assertEquals(2, mirror.tokenCount());
        clock.set(NOW.plusSeconds(10 + 31));
        assertEquals(1, mirror.purgeExpired(), "t1 expired 31 s ago; t2 is rounded up, never down");
        assertFalse(mirror.isRevoked("t1", null, null));
        assertTrue(mirror.isRevoked("t2", null, null));
    }

    @Test
    void aLaterExpiryForTheSameJtiWins() {
        mirror.revokeToken("t1", NOW.plusSeconds(3600));
        mirror.revokeToken("t1", NOW.plusSeconds(1));
        assertEquals(1, mirror.tokenCount());
        clock.set(NOW.plusSeconds(600));
        mirror.purgeExpired();
        assertTrue(mirror.isRevoked("t1", null, null));
    }

    @Test
    void expiriesOutsideTheStoredRangeAreClampedSafely() {
        mirror.revokeToken("far", Instant.parse("2999-01-01T00:00:00Z"));
        mirror.revokeToken("past", Instant.parse("2001-01-01T00:00:00Z"));
        assertTrue(mirror.isRevoked("far", null, null));
        assertTrue(mirror.isRevoked("past", null, null), "held until purged, like any entry");
        clock.set(Instant.parse("2080-01-01T00:00:00Z"));
        assertEquals(1, mirror.purgeExpired());
        assertTrue(mirror.isRevoked("far", null, null));
    }

    @Test
    void growingAndShrinkingKeepEveryLiveEntry() {
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            mirror.revokeToken("jti-" + i, NOW.plusSeconds(i % 2 == 0 ? 60 : 3600));
        }
        assertEquals(n, mirror.tokenCount());
        for (int i = 0; i < n; i++) {
            assertTrue(mirror.containsToken("jti-" + i), "jti-" + i);
            assertFalse(mirror.containsToken("other-" + i), "other-" + i);
        }
        long grown = mirror.tableBytes();
        clock.set(NOW.plusSeconds(600));
        assertEquals(n / 2, mirror.purgeExpired());
        assertTrue(mirror.tableBytes() < grown, "the table shrinks after a purge");
        for (int i = 1; i < n; i += 2) {
            assertTrue(mirror.containsToken("jti-" + i), "jti-" + i);
        }
    }

    @Test
    void readersNeverMissAnEntryWhileWritersGrowAndPurge() throws Exception {
        RevocationMirror shared = new RevocationMirror(MutableClock.system(), Duration.ZERO);
        AtomicInteger published = new AtomicInteger(-1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> missed = new AtomicReference<>();
        Instant live = Instant.now().plusSeconds(3600);
        Instant dead = Instant.now().minusSeconds(3600);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 300_000; i++) {
                shared.revokeToken("live-" + i, live);
                published.set(i);
                shared.revokeToken("dead-" + i, dead);
                if (i % 50_000 == 0) {
                    shared.purgeExpired();
                }
            }
            done.set(true);
        });
        Runnable reader = () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!done.get() && missed.get() == null) {
                int upTo = published.get();
                if (upTo >= 0) {
                    int i = random.nextInt(upTo + 1);
                    if (!shared.containsToken("live-" + i)) {
                        missed.set("live-" + i);
                    }
                }
            }
        };
        Thread reader1 = new Thread(reader);
        Thread reader2 = new Thread(reader);
        writer.start();
        reader1.start();
        reader2.start();
        writer.join(60_000);
        reader1.join(60_000);
        reader2.join(60_000);
        assertEquals(null, missed.get(), "a reader missed a published entry");
        assertTrue(done.get());
    }
}
