package dev.perimeter.jwt;

import java.util.Objects;

/**
 * The outcome of verifying a token: the verified {@link Jwt}, or a {@link Rejection} with a
 * description fit for the client. Expected failures are results, not exceptions.
 */
public final class VerificationResult {

    private final Jwt jwt;
    private final Rejection rejection;
    private final String description;

    private VerificationResult(Jwt jwt, Rejection rejection, String description) {
        this.jwt = jwt;
        this.rejection = rejection;
        this.description = description;
    }

    static VerificationResult valid(Jwt jwt) {
        return new VerificationResult(Objects.requireNonNull(jwt), null, null);
    }

    static VerificationResult rejected(Rejection rejection) {
        return new VerificationResult(null, rejection, rejection.description());
    }

    /** A rejection with a more specific description; the detail must never quote the token. */
    static VerificationResult rejected(Rejection rejection, String detail) {
        return new VerificationResult(null, rejection, detail);
    }

    public boolean isValid() {
        return jwt != null;
    }

    /** The verified token; only when {@link #isValid()}. */
    public Jwt jwt() {
        if (jwt == null) {
            throw new IllegalStateException("the token was rejected: " + description);
        }
        return jwt;
    }

    /** Why the token was rejected, or null when it is valid. */
    public Rejection rejection() {
        return rejection;
    }

    /** The client-facing description of the rejection, or null when valid. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return isValid() ? "valid " + jwt : "rejected: " + rejection + " (" + description + ")";
    }
}
