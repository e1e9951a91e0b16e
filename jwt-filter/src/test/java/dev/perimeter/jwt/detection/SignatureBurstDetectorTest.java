package dev.perimeter.jwt.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.perimeter.jwt.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignatureBurstDetectorTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final SignatureBurstDetector detector =
            new SignatureBurstDetector(5, Duration.ofSeconds(60), clock);

    @Test
    void asManyFailuresAsTheLimitWithinAWindowAreNoBurst() {
        for (int i = 0; i < 5; i++) {
            assertNull(detector.failure());
            clock.advance(Duration.ofSeconds(11));
        }
        assertEquals(5, detector.currentCount());
    }

    @Test
    void oneMoreThanTheLimitIsABurstReportedOncePerWindowWithItsCount() {
        Instant start = clock.instant();
        for (int i = 0; i < 5; i++) {
            assertNull(detector.failure());
        }
        clock.advance(Duration.ofSeconds(59));
        SignatureBurstDetector.Burst burst = detector.failure();
        assertNotNull(burst);
        assertEquals(6, burst.count());
        assertEquals(start.toEpochMilli(), burst.windowStart().toEpochMilli());
        for (int i = 0; i < 100; i++) {
            assertNull(detector.failure(), "once per window, not per failure");
        }
        assertEquals(106, detector.currentCount());
    }

    @Test
    void failuresSpreadOverTwoWindowsAreCountedApartAndANewWindowMayReportAgain() {
        for (int i = 0; i < 5; i++) {
            detector.failure();
        }
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            assertNull(detector.failure(), "a new window started: " + i);
        }
        assertNotNull(detector.failure());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(0, detector.currentCount());
        for (int i = 0; i < 5; i++) {
            detector.failure();
        }
        assertEquals(6, detector.failure().count());
    }
}
