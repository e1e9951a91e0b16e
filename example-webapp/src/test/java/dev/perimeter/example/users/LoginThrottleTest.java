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
        LoginThrottle.Wait wait = throttle.retryAfter("alice", "10.0.0.1").orElseThrow();
        assertEquals(Duration.ofMinutes(14).plusSeconds(10), wait.retryAfter());
        assertEquals(LoginThrottle.Scope.USER_AND_ADDRESS, wait.scope());
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
        clock.advance(LoginThrottle.Limits.DEFAULT.window());
        fail(4, "alice", "10.0.0.1");
        assertTrue(throttle.retryAfter("alice", "10.0.0.1").isEmpty());
    }

    @Test
    void twentyFailuresFromAnAddressAcrossNamesStopEveryNameFromItButNotOtherAddresses() {
        for (int i = 0; i < 19; i++) {
            fail(1, "user-" + i, "10.0.0.1");
        }
        assertTrue(throttle.retryAfter("someone-else", "10.0.0.1").isEmpty(), "19 failures");
        fail(1, "user-19", "10.0.0.1");
        LoginThrottle.Wait wait = throttle.retryAfter("admin", "10.0.0.1").orElseThrow();
        assertEquals(LoginThrottle.Scope.ADDRESS, wait.scope());
        // The first of the 20 failures was 200 s ago.
        assertEquals(Duration.ofMinutes(15).minusSeconds(200), wait.retryAfter());
        assertTrue(throttle.retryAfter("admin", "10.0.0.2").isEmpty());
    }

    @Test
    void aSuccessDoesNotClearTheAddressCount() {
        for (int i = 0; i < 20; i++) {
            fail(1, "user-" + i, "10.0.0.1");
            throttle.succeeded("attacker", "10.0.0.1");
        }
        assertEquals(LoginThrottle.Scope.ADDRESS,
                throttle.retryAfter("attacker", "10.0.0.1").orElseThrow().scope());
    }

    @Test
    void aFullTableForgetsItsLeastRecentlyUsedPairInsteadOfRefusingNewOnes() {
        LoginThrottle small = new LoginThrottle(new LoginThrottle.Limits(5, 1000,
                Duration.ofMinutes(15), 3), clock);
        for (int i = 0; i < 5; i++) {
            small.failed("alice", "10.0.0.1");
        }
        small.failed("b", "10.0.0.2");
        small.failed("c", "10.0.0.3");
        assertTrue(small.retryAfter("alice", "10.0.0.1").isPresent(), "used last now");
        small.failed("d", "10.0.0.4");       // the table is full: b, least recently used, goes
        assertEquals(3, small.trackedPairs());
        assertTrue(small.retryAfter("alice", "10.0.0.1").isPresent(), "alice's count survived");
        assertTrue(small.retryAfter("new-name", "10.0.0.9").isEmpty(), "a new pair is not refused");
        for (int i = 0; i < 10_000; i++) {
            small.failed("flood-" + i, "10.0.1." + (i % 250));
        }
        assertEquals(3, small.trackedPairs(), "bounded");
        assertTrue(small.retryAfter("someone", "10.0.0.1").isEmpty());
    }
}
