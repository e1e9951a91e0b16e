package dev.perimeter.example.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HashSlotsTest {

    @Test
    void aTakenSlotIsRefusedToTheNextUntilReleased() {
        HashSlots slots = new HashSlots(2);
        assertTrue(slots.tryAcquire());
        assertTrue(slots.tryAcquire());
        assertFalse(slots.tryAcquire(), "both busy: refused at once, not queued");
        slots.release();
        assertEquals(1, slots.available());
        assertTrue(slots.tryAcquire());
    }

    @Test
    void noSlotsIsNoConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new HashSlots(0));
    }
}
