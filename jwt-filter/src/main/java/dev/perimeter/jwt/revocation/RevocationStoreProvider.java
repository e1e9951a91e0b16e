package dev.perimeter.jwt.revocation;

/**
 * Builds revocation stores that live outside jwt-filter, such as jwt-redis's. Implementations
 * are found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/dev.perimeter.jwt.revocation.RevocationStoreProvider}), or named by
 * class in the {@code revocation} parameter, in which case they need a public no-argument
 * constructor.
 */
public interface RevocationStoreProvider {

    /** Whether this provider builds the store that {@code spec} (the parameter's value) names. */
    boolean supports(String spec);

    /**
     * Builds and starts the store. It should not wait for its shared store: a store that cannot
     * reach it yet reports {@link RevocationStore#isReady()} false until it does.
     *
     * @throws IllegalArgumentException when {@code spec} is invalid; the message must not quote
     *         credentials
     */
    RevocationStore create(String spec, RevocationSettings settings);
}
