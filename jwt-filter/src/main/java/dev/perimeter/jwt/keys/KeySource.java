package dev.perimeter.jwt.keys;

import java.time.Instant;

/**
 * Where the verifier gets its keys. Implementations publish an immutable {@link KeySet} that the
 * request path reads without I/O or locks; sources that fetch keys do so in the background.
 */
public interface KeySource extends AutoCloseable {

    /** The current keys, or null while none are available (the request is then answered 503). */
    KeySet current();

    /**
     * The keys after a token of {@code issuer} named a key not in {@link #current()}. A source that
     * fetches keys may refetch here (rate-limited, shared between callers) and wait for it up to
     * its time-out; the default answers {@link #current()} at once.
     */
    default KeySet refreshed(String issuer) {
        return current();
    }

    /**
     * Whether every source of keys for {@code issuer} has keys now. When a token's key is not
     * found and this is false, the fault is the server's (503), not the token's.
     */
    default boolean isAvailable(String issuer) {
        return current() != null;
    }

    /**
     * When the stalest key set in use was last fetched, for monitoring the age of keys; null for
     * keys fixed at start, which never age. A source that fetches keys and has never succeeded
     * answers when it started trying, so that the age grows while no keys arrive.
     */
    default Instant keysFetchedAt() {
        return null;
    }

    /** Stops any background work. */
    @Override
    default void close() {
    }
}
