package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MemoryRevocationStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final MemoryRevocationStore store = new MemoryRevocationStore(clock, Duration.ofSeconds(30));

    @Test
    void aRevokedJtiIsRevokedAndOthersAreNot() {
        store.revokeToken("t1", NOW.plusSeconds(300));
        assertTrue(store.isRevoked("t1", "alice", NOW));
        assertFalse(store.isRevoked("t2", "alice", NOW));
        assertFalse(store.isRevoked(null, null, null));
    }

    @Test
    void aSubjectCutoffRevokesTokensIssuedBeforeItAndThoseWithoutIat() {
        store.revokeSubject("alice", NOW);
        assertTrue(store.isRevoked("a", "alice", NOW.minusSeconds(1)));
        assertTrue(store.isRevoked("b", "alice", null));
        assertFalse(store.isRevoked("c", "alice", NOW));
        assertFalse(store.isRevoked("d", "alice", NOW.plusSeconds(1)));
        assertFalse(store.isRevoked("e", "bob", NOW.minusSeconds(100)));
    }

    @Test
    void aLaterCutoffWinsOverAnEarlierOne() {
        store.revokeSubject("alice", NOW);
        store.revokeSubject("alice", NOW.minusSeconds(60));
        assertTrue(store.isRevoked("a", "alice", NOW.minusSeconds(30)));
    }

    @Test
    void expiredEntriesArePurgedOnlyAfterTheLeeway() {
        store.revokeToken("t1", NOW.plusSeconds(10));
        clock.now = NOW.plusSeconds(10 + 29);
        store.purgeExpired();
        assertEquals(1, store.size());
        clock.now = NOW.plusSeconds(10 + 31);
        store.purgeExpired();
        assertEquals(0, store.size());
    }

    @Test
    void writesPurgeExpiredEntriesOnTheirOwn() {
        store.revokeToken("old", NOW.plusSeconds(1));
        clock.now = NOW.plusSeconds(3600);
        store.revokeToken("new", NOW.plusSeconds(7200));
        assertEquals(1, store.size());
        assertTrue(store.isRevoked("new", null, null));
    }

    @Test
    void itsHealthIsLocalWithTheMirrorsCounts() {
        store.revokeToken("t1", NOW.plusSeconds(300));
        store.revokeSubject("alice", NOW);
        RevocationHealth health = store.health();
        assertEquals(RevocationHealth.Status.LOCAL, health.status());
        assertTrue(health.isSynchronized());
        assertEquals(1, health.revokedTokens());
        assertEquals(1, health.revokedSubjects());
        assertTrue(store.isReady());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
