package dev.perimeter.jwt;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The values a {@link TokenVerifier} checks tokens against. {@link dev.perimeter.jwt.config.JwtConfig}
 * is the implementation that parameters build; the verifier core reads only this, so it does not
 * depend on how the values were configured.
 */
public interface VerifierSettings {

    /** Accepted {@code iss} values, matched exactly. */
    Set<String> issuers();

    /** Accepted audiences; empty means the audience is not checked. */
    Set<String> audiences();

    Set<JwsAlgorithm> algorithms();

    TokenTypes tokenTypes();

    /**
     * Whether tokens must follow the RFC 9068 access-token profile ({@code profile=rfc9068}):
     * then an ID token is refused even when its type and claims would pass.
     */
    default boolean accessTokenProfile() {
        return false;
    }

    /** The JCA provider preferred for signature checks, or null for the JDK's order. */
    Provider cryptoProvider();

    Clock clock();

    Duration leeway();

    /** The maximum age since {@code iat}, or null for none. */
    Duration maxAge();

    /** The clock skew allowed for {@link #maxAge}: {@link #leeway}, or zero when it is exact. */
    Duration maxAgeLeeway();

    List<String> requiredClaims();

    List<String> principalClaims();

    List<String> rolesClaims();

    int maxTokenLength();

    /** How many verified tokens are kept for reuse until they expire; 0 when none are. */
    int cacheSize();

    /** Signature checks of suspect callers allowed at once; 0: no bound. */
    int signatureConcurrency();

    /** Failed signatures an address may send per window; 0: no budget. */
    int signatureFailureLimit();

    Duration signatureFailureWindow();
}
