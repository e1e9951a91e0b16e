package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SignatureAdmissionTest {

    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void anAddressIsOverBudgetFromItsLimitUntilItsWindowEnds() {
        SignatureAdmission admission = new SignatureAdmission(0, 3, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 3; i++) {
            assertFalse(admission.isOverBudget("10.0.0.1"));
            admission.failed("10.0.0.1");
        }
        assertTrue(admission.isOverBudget("10.0.0.1"));
        assertFalse(admission.isOverBudget("10.0.0.2"));
        assertFalse(admission.isOverBudget(null), "an unknown address has no budget");
        clock.advance(Duration.ofSeconds(59));
        assertTrue(admission.isOverBudget("10.0.0.1"));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(admission.isOverBudget("10.0.0.1"));
        admission.failed("10.0.0.1");
        assertFalse(admission.isOverBudget("10.0.0.1"), "a new window counts from one");
    }

    @Test
    void moreAddressesThanTheMaximumNeverGrowTheTableBeyondIt() {
        SignatureAdmission admission = new SignatureAdmission(0, 1, Duration.ofSeconds(60), clock);
        for (int i = 0; i < SignatureAdmission.MAX_ADDRESSES + 5_000; i++) {
            admission.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertTrue(admission.trackedAddresses() <= SignatureAdmission.MAX_ADDRESSES,
                "tracked " + admission.trackedAddresses());
        assertTrue(admission.isOverBudget("10.0.58.151"), "the newest address is kept");
    }

    @Test
    void theBoundAdmitsAtMostItsConcurrencyAtOnceUnderContention() throws Exception {
        SignatureAdmission admission = new SignatureAdmission(3, 0, Duration.ofSeconds(60), clock);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (admission.tryEnter()) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        admission.release();
                    } else {
                        refused.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        for (int i = 0; i < 3; i++) {
            assertTrue(admission.tryEnter(), "every place was given back");
        }
        assertFalse(admission.tryEnter());
    }

    @Test
    void theBoundAppliesOnlyToAnAddressThatFailedInItsWindowOrToAnUnknownOne() {
        SignatureAdmission admission = new SignatureAdmission(2, 0, Duration.ofSeconds(60), clock);
        assertEquals(null, admission.boundFor("10.0.0.1"), "an address that never failed");
        assertEquals(admission, admission.boundFor(null), "an unknown address");
        admission.failed("10.0.0.1");
        assertEquals(admission, admission.boundFor("10.0.0.1"));
        assertFalse(admission.isOverBudget("10.0.0.1"), "no budget is set");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(null, admission.boundFor("10.0.0.1"), "its window ended");
        SignatureAdmission unbounded = new SignatureAdmission(0, 5, Duration.ofSeconds(60), clock);
        unbounded.failed("10.0.0.1");
        assertEquals(null, unbounded.boundFor("10.0.0.1"));
        assertEquals(null, unbounded.boundFor(null));
    }

    @Test
    void withoutABoundEveryCheckIsAdmitted() {
        SignatureAdmission admission = new SignatureAdmission(0, 0, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 1000; i++) {
            assertTrue(admission.tryEnter());
        }
        admission.failed("10.0.0.1");
        assertFalse(admission.isOverBudget("10.0.0.1"));
        assertEquals(0, admission.trackedAddresses());
    }
}
