package dev.perimeter.jwt.dpop;

/**
 * What {@link DpopVerifier#check} found: a valid proof (and the {@link #thumbprint()} of its key),
 * or why not, as the {@code error} and fixed {@code error_description} of RFC 9449 section 7.1.
 * Descriptions are Perimeter's own texts, never proof content.
 */
public final class DpopResult {

    /** The kind of failure, for the answer's {@code error}. */
    public enum Failure {
        /** {@code invalid_dpop_proof}: the proof is missing, malformed or does not fit. */
        INVALID_PROOF,
        /** {@code invalid_dpop_proof}: the proof was used before, on this node or another. */
        REPLAYED,
        /** {@code use_dpop_nonce}: a server nonce is required and was absent or stale. */
        NONCE_REQUIRED,
        /** 503: the replay check could not be made now (store unreachable, or memory full). */
        UNAVAILABLE
    }

    private final String thumbprint;
    private final Failure failure;
    private final String description;

    private DpopResult(String thumbprint, Failure failure, String description) {
        this.thumbprint = thumbprint;
        this.failure = failure;
        this.description = description;
    }

    static DpopResult valid(String thumbprint) {
        return new DpopResult(thumbprint, null, null);
    }

    static DpopResult invalid(String description) {
        return new DpopResult(null, Failure.INVALID_PROOF, description);
    }

    static DpopResult failed(Failure failure, String description) {
        return new DpopResult(null, failure, description);
    }

    public boolean isValid() {
        return failure == null;
    }

    /** The RFC 7638 thumbprint of the proof's key; null unless {@link #isValid()}. */
    public String thumbprint() {
        return thumbprint;
    }

    /** Why the proof was refused; null when it is valid. */
    public Failure failure() {
        return failure;
    }

    /** The {@code error_description}; null when valid. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return isValid() ? "valid DPoP proof" : failure + ": " + description;
    }
}
