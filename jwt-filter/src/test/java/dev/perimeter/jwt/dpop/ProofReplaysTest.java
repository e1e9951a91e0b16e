package dev.perimeter.jwt.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.revocation.ReplayStore;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import dev.perimeter.jwt.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProofReplaysTest {

    private final MutableClock clock = MutableClock.fixedAt(Instant.ofEpochSecond(3_000_000));

    @Test
    void aKeyIsAFirstUseOnceUntilItExpires() {
        ProofReplays replays = new ProofReplays(100, null, clock);
        Instant until = clock.instant().plusSeconds(61);
        assertEquals(ProofReplays.Verdict.FIRST_USE, replays.firstUse("k", until));
        assertEquals(ProofReplays.Verdict.REPLAY, replays.firstUse("k", until));
        clock.advance(Duration.ofSeconds(62));
        assertEquals(ProofReplays.Verdict.FIRST_USE, replays.firstUse("k", clock.instant().plusSeconds(61)));
    }

    @Test
    void aFullMemoryRefusesNewProofsRatherThanForgetSeenOnesAndSweepsExpiredOnes() {
        ProofReplays replays = new ProofReplays(100, null, clock);
        for (int i = 0; i < 100; i++) {
            assertEquals(ProofReplays.Verdict.FIRST_USE, replays.firstUse("k" + i, clock.instant().plusSeconds(60)));
        }
        assertEquals(ProofReplays.Verdict.FULL, replays.firstUse("one-more", clock.instant().plusSeconds(60)));
        assertEquals(ProofReplays.Verdict.REPLAY, replays.firstUse("k0", clock.instant().plusSeconds(60)));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(ProofReplays.Verdict.FIRST_USE, replays.firstUse("one-more", clock.instant().plusSeconds(60)));
        assertEquals(1, replays.size(), "the expired ones were swept");
    }

    @Test
    void theSharedStoreIsAskedAfterThisNodesMemoryAndItsFailureIsNoFirstUse() {
        Set<String> seenElsewhere = new HashSet<>(Set.of("elsewhere"));
        ReplayStore shared = (key, expiresAt) -> seenElsewhere.add(key);
        ProofReplays replays = new ProofReplays(100, shared, clock);
        Instant until = clock.instant().plusSeconds(60);
        assertEquals(ProofReplays.Verdict.REPLAY, replays.firstUse("elsewhere", until));
        assertEquals(ProofReplays.Verdict.FIRST_USE, replays.firstUse("new", until));
        assertEquals(ProofReplays.Verdict.REPLAY, replays.firstUse("new", until));

        ProofReplays unreachable = new ProofReplays(100, (key, expiresAt) -> {
            throw new RevocationStoreException("connection refused");
        }, clock);
        assertEquals(ProofReplays.Verdict.STORE_UNAVAILABLE, unreachable.firstUse("x", until));
        assertEquals(ProofReplays.Verdict.STORE_UNAVAILABLE, unreachable.firstUse("x", until),
                "a proof the store never recorded is not a replay when sent again");
    }
}
