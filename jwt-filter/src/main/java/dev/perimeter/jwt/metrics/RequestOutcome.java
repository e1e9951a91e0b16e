package dev.perimeter.jwt.metrics;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Rejection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the filter decided about one request, as counted by {@link PerimeterMetrics} and named in
 * audit events: an {@link #outcome()} (the {@code error} of the error contract, or
 * {@code admitted} / {@code passed}) and a {@link #reason()} (the kind of failure).
 */
public enum RequestOutcome {
    /** A valid token; the request went on to the application. */
    ADMITTED("admitted", "valid", 0),
    /** A public path, a {@code permit} rule or a CORS preflight: no token was read. */
    PASSED("passed", "public", 0),
    /** No token on a protected path. */
    NO_TOKEN("unauthorized", "no_token", 401),
    /** An empty token, two tokens, a repeated header: 400. */
    INVALID_REQUEST("invalid_request", "invalid_request", 400),
    /** A cookie-carried token on an unsafe method without CSRF proof. */
    CSRF_FAILED("csrf_failed", "csrf", 403),
    /** A {@code deny} rule, or {@code @DenyAll}. */
    DENIED("access_denied", "denied", 403),
    /** A valid token without any of the roles required. */
    INSUFFICIENT_SCOPE("insufficient_scope", "missing_role", 403),
    MALFORMED(Rejection.MALFORMED),
    TOO_LONG(Rejection.TOO_LONG),
    FORBIDDEN_HEADER(Rejection.FORBIDDEN_HEADER),
    UNSUPPORTED_CRITICAL(Rejection.UNSUPPORTED_CRITICAL),
    TYPE_NOT_ACCEPTED(Rejection.TYPE_NOT_ACCEPTED),
    ALGORITHM_NOT_ALLOWED(Rejection.ALGORITHM_NOT_ALLOWED),
    UNKNOWN_KEY(Rejection.UNKNOWN_KEY),
    ALGORITHM_MISMATCH(Rejection.ALGORITHM_MISMATCH),
    BAD_SIGNATURE(Rejection.BAD_SIGNATURE),
    EXPIRED(Rejection.EXPIRED),
    NOT_YET_VALID(Rejection.NOT_YET_VALID),
    ISSUED_IN_FUTURE(Rejection.ISSUED_IN_FUTURE),
    TOO_OLD(Rejection.TOO_OLD),
    WRONG_ISSUER(Rejection.WRONG_ISSUER),
    WRONG_AUDIENCE(Rejection.WRONG_AUDIENCE),
    MISSING_CLAIM(Rejection.MISSING_CLAIM),
    INVALID_CLAIM(Rejection.INVALID_CLAIM),
    NOT_AN_ACCESS_TOKEN(Rejection.NOT_AN_ACCESS_TOKEN),
    REVOKED(Rejection.REVOKED),
    BINDING_NOT_PROVEN(Rejection.BINDING_NOT_PROVEN),
    INVALID_PROOF(Rejection.INVALID_PROOF),
    PROOF_REPLAYED(Rejection.PROOF_REPLAYED),
    NONCE_REQUIRED(Rejection.NONCE_REQUIRED),
    ADDRESS_OVER_BUDGET(Rejection.ADDRESS_OVER_BUDGET),
    KEYS_UNAVAILABLE(Rejection.KEYS_UNAVAILABLE),
    REVOCATION_UNAVAILABLE(Rejection.REVOCATION_UNAVAILABLE),
    OVERLOADED(Rejection.OVERLOADED),
    PROOF_CHECK_UNAVAILABLE(Rejection.PROOF_CHECK_UNAVAILABLE);

    private static final Map<Rejection, RequestOutcome> BY_REJECTION = new EnumMap<>(Rejection.class);

    static {
        for (Rejection rejection : Rejection.values()) {
            BY_REJECTION.put(rejection, valueOf(rejection.name()));
        }
    }

    private final String outcome;
    private final String reason;
    private final int status;

    RequestOutcome(String outcome, String reason, int status) {
        this.outcome = outcome;
        this.reason = reason;
        this.status = status;
    }

    RequestOutcome(Rejection rejection) {
        this(BearerChallenge.rejected(null, rejection, rejection.description()), rejection);
    }

    /** Outcome and status as the error contract answers the rejection. */
    RequestOutcome(BearerChallenge answer, Rejection rejection) {
        this(answer.error(), rejection.name().toLowerCase(Locale.ROOT), answer.status());
    }

    /** The outcome of a token rejected for {@code rejection}. */
    public static RequestOutcome of(Rejection rejection) {
        return BY_REJECTION.get(rejection);
    }

    /** {@code admitted}, {@code passed}, or the {@code error} of the answer. */
    public String outcome() {
        return outcome;
    }

    /** The kind, such as {@code expired}, {@code bad_signature}, {@code no_token}. */
    public String reason() {
        return reason;
    }

    /** The HTTP status of the answer, or 0 when the request went on. */
    public int status() {
        return status;
    }

    /** Whether the request was refused. */
    public boolean isRejection() {
        return status != 0;
    }
}
