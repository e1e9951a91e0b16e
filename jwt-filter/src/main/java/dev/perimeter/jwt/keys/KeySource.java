package dev.perimeter.jwt.keys;

/**
 * Where the verifier gets its keys. Implementations publish an immutable {@link KeySet} that the
 * request path reads without I/O or locks; sources that fetch keys do so in the background.
 */
public interface KeySource extends AutoCloseable {

    /** The current keys, or null while none are available (the request is then answered 503). */
    KeySet current();

    /** Stops any background work. */
    @Override
    default void close() {
    }
}
