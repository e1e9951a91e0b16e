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
    private final String verifiedSubject;
    private final String verifiedTokenId;

    private VerificationResult(Jwt jwt, Rejection rejection, String description) {
        this(jwt, rejection, description, null, null);
    }

    private VerificationResult(Jwt jwt, Rejection rejection, String description,
            String verifiedSubject, String verifiedTokenId) {
        this.jwt = jwt;
        this.rejection = rejection;
        this.description = description;
        this.verifiedSubject = verifiedSubject;
        this.verifiedTokenId = verifiedTokenId;
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

    /**
     * This rejection, naming the {@code sub} and {@code jti} of a token whose signature verified
     * but that failed a later check (expired, revoked, wrong audience…).
     */
    VerificationResult withVerifiedIds(String subject, String tokenId) {
        if (jwt != null || (subject == null && tokenId == null)) {
            return this;
        }
        return new VerificationResult(null, rejection, description, subject, tokenId);
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

    /**
     * The {@code sub} of the token: of a valid token, or of a rejected one whose signature
     * verified (so the claim is the issuer's word, say of an expired or revoked token). Null when
     * the signature was not verified or the token has no {@code sub}: a forged token's claims are
     * never repeated, so they cannot be planted in audit logs.
     */
    public String verifiedSubject() {
        return jwt != null ? jwt.subject() : verifiedSubject;
    }

    /** The {@code jti}, under the same terms as {@link #verifiedSubject()}. */
    public String verifiedTokenId() {
        return jwt != null ? jwt.id() : verifiedTokenId;
    }

    @Override
    public String toString() {
        return isValid() ? "valid " + jwt : "rejected: " + rejection + " (" + description + ")";
    }
}
