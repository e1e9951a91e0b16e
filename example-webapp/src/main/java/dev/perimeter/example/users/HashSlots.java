package dev.perimeter.example.users;

import java.util.concurrent.Semaphore;

/**
 * A ceiling on password checks running at once. Each costs hundreds of milliseconds of one core,
 * so without it a burst of logins, even for names the throttle has never seen, takes every core;
 * a login that finds no free slot is refused at once (and asked to retry) rather than queued.
 */
public final class HashSlots {

    private final Semaphore slots;

    /** @param slots password checks allowed at once, at least 1 */
    public HashSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.slots = new Semaphore(slots);
    }

    /** Takes a slot if one is free now; the caller then {@link #release()}s it. */
    public boolean tryAcquire() {
        return slots.tryAcquire();
    }

    /** Gives back a slot taken by {@link #tryAcquire()}. */
    public void release() {
        slots.release();
    }

    /** Slots free now. */
    public int available() {
        return slots.availablePermits();
    }
}
