package dev.perimeter.jwt.keys;

import dev.perimeter.jwt.internal.CompactJws;
import java.security.Provider;

/**
 * The signature check of one {@link VerificationKey}: its key and algorithm, built once. A check
 * answers with a boolean rather than an exception, so that a forged token costs no stack trace.
 * An exception that hostile input still raises in a library is the caller's to count as a bad
 * signature ({@code JwsVerifier}).
 */
public interface SignatureCheck {

    /**
     * Whether the signature of {@code jws} verifies with this key.
     *
     * @param provider the JCA provider preferred for the check, or null for the JDK's providers
     *                 in their configured order
     */
    boolean verifies(CompactJws jws, Provider provider);
}
