package dev.perimeter.jwt.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DpopNoncesTest {

    private static final byte[] SECRET = "a shared nonce secret of 32 byte".getBytes(StandardCharsets.UTF_8);

    @Test
    void aNonceIsAcceptedInItsPeriodAndTheNextAndRefusedAfter() {
        MutableClock clock = MutableClock.fixedAt(Instant.ofEpochSecond(3_000_000));
        DpopNonces nonces = new DpopNonces(SECRET, 300, clock);
        String nonce = nonces.current();
        assertTrue(nonces.accepts(nonce));
        clock.advance(Duration.ofSeconds(300));
        assertTrue(nonces.accepts(nonce), "the next period still accepts it");
        assertNotEquals(nonce, nonces.current(), "a new period has a new nonce");
        clock.advance(Duration.ofSeconds(300));
        assertFalse(nonces.accepts(nonce), "two periods later it is stale");
    }

    @Test
    void nodesWithTheSameSecretAcceptEachOthersNoncesAndOthersDoNot() {
        MutableClock clock = MutableClock.fixedAt(Instant.ofEpochSecond(3_000_000));
        DpopNonces first = new DpopNonces(SECRET, 300, clock);
        DpopNonces second = new DpopNonces(SECRET.clone(), 300, clock);
        DpopNonces stranger = new DpopNonces(null, 300, clock);
        assertEquals(first.current(), second.current());
        assertTrue(second.accepts(first.current()));
        assertFalse(stranger.accepts(first.current()));
    }

    @Test
    void aMalformedOrFuturePeriodNonceIsRefused() {
        MutableClock clock = MutableClock.fixedAt(Instant.ofEpochSecond(3_000_000));
        DpopNonces nonces = new DpopNonces(SECRET, 300, clock);
        MutableClock later = MutableClock.fixedAt(Instant.ofEpochSecond(3_000_000 + 600));
        String future = new DpopNonces(SECRET, 300, later).current();
        assertFalse(nonces.accepts(future));
        assertFalse(nonces.accepts("not-base64url!"));
        assertFalse(nonces.accepts(""));
        assertFalse(nonces.accepts(nonces.current() + "AA"));
    }
}
