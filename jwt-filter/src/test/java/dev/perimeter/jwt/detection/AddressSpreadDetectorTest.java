package dev.perimeter.jwt.detection;

import static dev.perimeter.jwt.detection.AddressSpreadDetector.Verdict.CROSSED;
import static dev.perimeter.jwt.detection.AddressSpreadDetector.Verdict.REFUSED;
import static dev.perimeter.jwt.detection.AddressSpreadDetector.Verdict.WITHIN_LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSpreadDetectorTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final List<Runnable> background = new ArrayList<>();

    private AddressSpreadDetector detector(int limit, boolean refuse) {
        return new AddressSpreadDetector(limit, Duration.ofSeconds(300), refuse, clock,
                background::add);
    }

    @Test
    void aTokenFromAsManyAddressesAsTheLimitStaysWithinIt() {
        AddressSpreadDetector detector = detector(3, false);
        for (int round = 0; round < 5; round++) {
            for (String address : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
                assertEquals(WITHIN_LIMIT, detector.observe("t1", "tok", address));
                clock.advance(Duration.ofSeconds(2));
            }
        }
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), detector.addresses("t1", "tok"));
    }

    @Test
    void oneAddressMoreThanTheLimitWithinTheWindowCrossesItOnce() {
        AddressSpreadDetector detector = detector(3, false);
        detector.observe("t1", "tok", "10.0.0.1");
        detector.observe("t1", "tok", "10.0.0.2");
        detector.observe("t1", "tok", "10.0.0.3");
        clock.advance(Duration.ofSeconds(299));
        assertEquals(CROSSED, detector.observe("t1", "tok", "10.0.0.4"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"),
                detector.addresses("t1", "tok"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(WITHIN_LIMIT, detector.observe("t1", "tok", "10.0.0.5"),
                "already over the limit: no second alert for the same spread");
        assertEquals(WITHIN_LIMIT, detector.observe("t1", "tok", "10.0.0.1"));
        assertEquals(WITHIN_LIMIT, detector.observe("t2", "other", "10.0.0.9"),
                "other tokens are counted apart");
    }

    @Test
    void addressesOlderThanTheWindowNoLongerCount() {
        AddressSpreadDetector detector = detector(3, false);
        detector.observe("t1", "tok", "10.0.0.1");
        detector.observe("t1", "tok", "10.0.0.2");
        detector.observe("t1", "tok", "10.0.0.3");
        clock.advance(Duration.ofSeconds(300));
        assertEquals(WITHIN_LIMIT, detector.observe("t1", "tok", "10.0.0.4"),
                "the first three were last seen a whole window ago");
        assertEquals(List.of("10.0.0.4"), detector.addresses("t1", "tok"));
    }

    @Test
    void aTokenBackWithinTheLimitCanCrossAgainAndAlertAgain() {
        AddressSpreadDetector detector = detector(1, false);
        detector.observe("t1", "tok", "10.0.0.1");
        assertEquals(CROSSED, detector.observe("t1", "tok", "10.0.0.2"));
        clock.advance(Duration.ofSeconds(301));
        assertEquals(WITHIN_LIMIT, detector.observe("t1", "tok", "10.0.0.2"));
        assertEquals(CROSSED, detector.observe("t1", "tok", "10.0.0.3"));
    }

    @Test
    void underARevokingActionTheTokenIsRefusedFromTheCrossingOnFromEveryAddress() {
        AddressSpreadDetector detector = detector(2, true);
        detector.observe("t1", "tok", "10.0.0.1");
        detector.observe("t1", "tok", "10.0.0.2");
        assertEquals(CROSSED, detector.observe("t1", "tok", "10.0.0.3"));
        assertEquals(REFUSED, detector.observe("t1", "tok", "10.0.0.1"));
        clock.advance(Duration.ofSeconds(600));
        assertEquals(REFUSED, detector.observe("t1", "tok", "10.0.0.1"), "while still tracked");
        assertEquals(WITHIN_LIMIT, detector.observe("t2", "tok2", "10.0.0.3"));
    }

    @Test
    void tokensWithoutJtiAreToldApartByTheirWholeText() {
        AddressSpreadDetector detector = detector(1, false);
        assertEquals(WITHIN_LIMIT, detector.observe(null, "aaa.bbb.ccc", "10.0.0.1"));
        assertEquals(WITHIN_LIMIT, detector.observe(null, "aaa.bbb.ccd", "10.0.0.2"));
        assertEquals(CROSSED, detector.observe(null, "aaa.bbb.ccc", "10.0.0.3"));
        assertEquals(WITHIN_LIMIT, detector.observe("aaa.bbb.ccc", "x", "10.0.0.4"),
                "a jti equal to another token's text is another key");
    }

    @Test
    void trackingIsBoundedAndTheSweepRunsInTheBackgroundDroppingTheLeastRecentlySeen() {
        AddressSpreadDetector detector = new AddressSpreadDetector(3, Duration.ofSeconds(300),
                false, clock, background::add, 100);
        for (int i = 0; i < 200; i++) {
            detector.observe("t" + i, "tok", "10.0.0.1");
            clock.advance(Duration.ofMillis(10));
        }
        assertEquals(125, detector.tracked(), "a quarter over the bound, then nothing new");
        assertEquals(1, background.size(), "one sweep asked for, on the background executor");
        detector.observe("t0", "tok", "10.0.0.2"); // the oldest token, seen again
        background.remove(0).run();
        assertEquals(90, detector.tracked(), "down to nine tenths");
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), detector.addresses("t0", "tok"),
                "seen recently, so kept");
        assertEquals(List.of(), detector.addresses("t1", "tok"), "least recently seen, dropped");
        assertTrue(detector.addresses("t124", "tok").size() == 1);

        clock.advance(Duration.ofSeconds(300));
        detector.sweep();
        assertEquals(0, detector.tracked(), "unused for a window: all dropped");
    }
}
