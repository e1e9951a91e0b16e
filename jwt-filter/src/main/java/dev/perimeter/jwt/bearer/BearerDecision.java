package dev.perimeter.jwt.bearer;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.metrics.RequestOutcome;

/**
 * What {@link BearerAuthenticator} decided about one request: authenticated (a verified {@link
 * #jwt()}), refused (the {@link #challenge()} to send, a bare 401 when there was no token), or
 * passed untouched (a CORS preflight). Every decision names its {@link #outcome()} for metrics
 * and audit; the entry point writes the answer and records the event in its own terms.
 */
public final class BearerDecision {

    /** {@link #validationNanos()} of a decision taken without running the verifier. */
    public static final long NOT_VALIDATED = -1;

    private static final BearerDecision PREFLIGHT =
            new BearerDecision(RequestOutcome.PASSED, null, null, null, null, NOT_VALIDATED, false,
                    null);

    private final RequestOutcome outcome;
    private final BearerChallenge challenge;
    private final Jwt jwt;
    private final String token;
    private final VerificationResult verification;
    private final long validationNanos;
    private final boolean cookie;
    private final String dpopNonce;

    private BearerDecision(RequestOutcome outcome, BearerChallenge challenge, Jwt jwt,
            String token, VerificationResult verification, long validationNanos, boolean cookie,
            String dpopNonce) {
        this.outcome = outcome;
        this.challenge = challenge;
        this.jwt = jwt;
        this.token = token;
        this.verification = verification;
        this.validationNanos = validationNanos;
        this.cookie = cookie;
        this.dpopNonce = dpopNonce;
    }

    static BearerDecision preflight() {
        return PREFLIGHT;
    }

    static BearerDecision refused(RequestOutcome outcome, BearerChallenge challenge, boolean cookie) {
        return new BearerDecision(outcome, challenge, null, null, null, NOT_VALIDATED, cookie, null);
    }

    static BearerDecision rejected(BearerChallenge challenge, VerificationResult verification,
            long validationNanos, boolean cookie) {
        return new BearerDecision(RequestOutcome.of(verification.rejection()), challenge, null,
                null, verification, validationNanos, cookie, null);
    }

    /** A token that verified, refused for {@code outcome}: its binding was not proven. */
    static BearerDecision unproven(RequestOutcome outcome, BearerChallenge challenge,
            VerificationResult verification, long validationNanos, boolean cookie) {
        return new BearerDecision(outcome, challenge, null, null, verification, validationNanos,
                cookie, null);
    }

    static BearerDecision authenticated(String token, VerificationResult verification,
            long validationNanos, boolean cookie, String dpopNonce) {
        return new BearerDecision(RequestOutcome.ADMITTED, null, verification.jwt(), token,
                verification, validationNanos, cookie, dpopNonce);
    }

    /** Whether the request carries a verified token: {@link #jwt()} is set. */
    public boolean isAuthenticated() {
        return jwt != null;
    }

    /** Whether the request must be answered with {@link #challenge()}. */
    public boolean isRefused() {
        return challenge != null;
    }

    /** {@code ADMITTED}, {@code PASSED} (a preflight), or why the request is refused. */
    public RequestOutcome outcome() {
        return outcome;
    }

    /** The answer of the error contract to send; null unless {@link #isRefused()}. */
    public BearerChallenge challenge() {
        return challenge;
    }

    /** The verified token; null unless {@link #isAuthenticated()}. */
    public Jwt jwt() {
        return jwt;
    }

    /** The compact token that verified, for rules that track it; null unless authenticated. */
    public String token() {
        return token;
    }

    /** The verifier's result when it ran (refused or admitted), else null. */
    public VerificationResult verification() {
        return verification;
    }

    /**
     * Whether the token decided on came in the cookie, which a browser sends by itself with
     * every request, rather than in the header, which a client sends on purpose.
     */
    public boolean fromCookie() {
        return cookie;
    }

    /**
     * The server nonce an entry point sends in {@code DPoP-Nonce} with the response of an
     * admitted DPoP request when nonces are on (RFC 9449 section 9), so the client has the
     * current one before its own expires; null otherwise.
     */
    public String dpopNonce() {
        return dpopNonce;
    }

    /** How long the verifier took, or {@link #NOT_VALIDATED} when it did not run. */
    public long validationNanos() {
        return validationNanos;
    }
}
