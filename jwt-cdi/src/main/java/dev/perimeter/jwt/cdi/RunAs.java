package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Makes a verified token the current one for a piece of work outside HTTP: Weld SE, batch jobs,
 * message consumers, tests. The token is bound to the calling thread only for the duration of
 * the call and is restored to what it was (usually nothing) in {@code finally}, so nothing leaks
 * to the next task of a pooled thread. Threads started inside do not inherit it: capture the
 * {@link Jwt} and call {@code runAs} again there.
 *
 * <pre>{@code
 * String report = RunAs.runAs(jwt, () -> reports.monthly());
 * }</pre>
 */
public final class RunAs {

    private static final ThreadLocal<Jwt> CURRENT = new ThreadLocal<>();

    private RunAs() {
    }

    /** Calls {@code work} with {@code jwt} as the current token and returns its result. */
    public static <T> T runAs(Jwt jwt, Callable<T> work) throws Exception {
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(work, "work");
        Jwt previous = CURRENT.get();
        CURRENT.set(jwt);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs {@code work} with {@code jwt} as the current token. */
    public static void runAs(Jwt jwt, Runnable work) {
        Objects.requireNonNull(work, "work");
        try {
            runAs(jwt, () -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // unreachable: a Runnable throws no checked exception
        }
    }

    /**
     * Verifies {@code token} and calls {@code work} with it as the current token.
     *
     * @throws NotAuthenticatedException when the token is rejected (or cannot be checked now)
     */
    public static <T> T runAs(TokenVerifier verifier, String token, Callable<T> work)
            throws Exception {
        VerificationResult result = verifier.verify(token);
        if (!result.isValid()) {
            throw NotAuthenticatedException.rejected(result.rejection(), result.description());
        }
        return runAs(result.jwt(), work);
    }

    /** The token bound to this thread by {@code runAs}, or null. */
    static Jwt current() {
        return CURRENT.get();
    }
}
