package dev.perimeter.example.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final TestClock clock = TestClock.startingNow();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(int times, String name, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name, address);
            clock.advance(Duration.ofSeconds(10));
        }
    }

    @Test
    void fourFailuresAreAllowedAndTheFifthStopsThePairUntilTheFirstIsFifteenMinutesOld() {
        fail(4, "alice", "10.0.0.1");
        assertTrue(throttle.retryAfter("alice", "10.0.0.1").isEmpty());
        fail(1, "alice", "10.0.0.1");
        // The first failure was 50 s ago: 14 min 10 s to wait.
        assertEquals(Duration.ofMinutes(14).plusSeconds(10), throttle.retryAfter("alice", "10.0.0.1").orElseThrow());
        clock.advance(Duration.ofMinutes(14).plusSeconds(10));
        assertTrue(throttle.retryAfter("alice", "10.0.0.1").isEmpty());
    }

    @Test
    void thePairIsNameAndAddressAndTheNameIgnoresCase() {
        fail(5, "alice", "10.0.0.1");
        assertTrue(throttle.retryAfter("ALICE", "10.0.0.1").isPresent());
        assertTrue(throttle.retryAfter("alice", "10.0.0.2").isEmpty());
        assertTrue(throttle.retryAfter("admin", "10.0.0.1").isEmpty());
    }

    @Test
    void aSuccessClearsTheCount() {
        fail(4, "alice", "10.0.0.1");
        throttle.succeeded("alice", "10.0.0.1");
        fail(4, "alice", "10.0.0.1");
        assertTrue(throttle.retryAfter("alice", "10.0.0.1").isEmpty());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        fail(4, "alice", "10.0.0.1");
        clock.advance(LoginThrottle.WINDOW);
        fail(4, "alice", "10.0.0.1");
        assertTrue(throttle.retryAfter("alice", "10.0.0.1").isEmpty());
    }
}
