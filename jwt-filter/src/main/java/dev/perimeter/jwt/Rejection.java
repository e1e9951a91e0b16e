package dev.perimeter.jwt;

/**
 * Why a token was not accepted. Each kind carries the fixed description that reaches the client
 * in {@code error_description}: it names the kind of failure and never echoes token content.
 */
public enum Rejection {
    MALFORMED("the token is malformed"),
    TOO_LONG("the token is too long"),
    FORBIDDEN_HEADER("the token header carries a key or key reference, which is not trusted"),
    UNSUPPORTED_CRITICAL("the token requires an unsupported critical extension"),
    TYPE_NOT_ACCEPTED("the token type is not accepted"),
    ALGORITHM_NOT_ALLOWED("the token algorithm is not allowed"),
    UNKNOWN_KEY("no key is known for the token"),
    ALGORITHM_MISMATCH("the token algorithm does not match its key"),
    BAD_SIGNATURE("the token signature is invalid"),
    EXPIRED("the token has expired"),
    NOT_YET_VALID("the token is not valid yet"),
    ISSUED_IN_FUTURE("the token was issued in the future"),
    TOO_OLD("the token is older than the maximum age"),
    WRONG_ISSUER("the token issuer is not accepted"),
    WRONG_AUDIENCE("the token audience is not accepted"),
    MISSING_CLAIM("the token lacks a required claim"),
    INVALID_CLAIM("a token claim has an invalid value"),
    /** An ID token (or another JWT that is not an access token) where the RFC 9068 profile is asked for. */
    NOT_AN_ACCESS_TOKEN("the token is not an access token"),
    REVOKED("the token has been revoked"),
    /**
     * The token's {@code cnf} binds it to a DPoP key or a client certificate this request does
     * not prove (or {@code dpop=required} / {@code certificate-binding=required} asks for a
     * binding it lacks): a sender-constrained token is never accepted as a bare bearer token.
     */
    BINDING_NOT_PROVEN("the token is bound to a key or certificate this request does not prove"),
    /** The DPoP proof is missing, malformed or does not fit the request or token. */
    INVALID_PROOF("the DPoP proof is invalid", "invalid_dpop_proof"),
    /** The DPoP proof was used before, on this node or another sharing the store. */
    PROOF_REPLAYED("the DPoP proof was used before", "invalid_dpop_proof"),
    /** A server nonce is required in DPoP proofs, and this one had none or a stale one. */
    NONCE_REQUIRED("the DPoP proof must carry the server's current nonce", "use_dpop_nonce"),
    /**
     * The client's address sent too many tokens with invalid signatures lately; its tokens are
     * not checked until its window ends (those already verified and cached still pass).
     */
    ADDRESS_OVER_BUDGET("too many invalid signatures came from this address; try again later"),
    /** The server cannot check tokens now: no keys were ever loaded. Answered 503. */
    KEYS_UNAVAILABLE("signing keys are not available", true),
    /** The server cannot check revocation now: the store never synchronized. Answered 503. */
    REVOCATION_UNAVAILABLE("revocation state is not available", true),
    /**
     * A suspect caller's signature check met {@code signature-concurrency} checks running.
     * Answered 503.
     */
    OVERLOADED("too many tokens are being checked now", true),
    /** DPoP proofs cannot be checked for replay now (shared store unreachable, memory full). */
    PROOF_CHECK_UNAVAILABLE("DPoP proofs cannot be checked for replay now", true);

    private final String description;
    private final boolean serverFault;
    private final String error;

    Rejection(String description) {
        this(description, false, "invalid_token");
    }

    Rejection(String description, String error) {
        this(description, false, error);
    }

    Rejection(String description, boolean serverFault) {
        this(description, serverFault, "temporarily_unavailable");
    }

    Rejection(String description, boolean serverFault, String error) {
        this.description = description;
        this.serverFault = serverFault;
        this.error = error;
    }

    /**
     * The answer's {@code error}: {@code invalid_token}, the DPoP errors {@code
     * invalid_dpop_proof} and {@code use_dpop_nonce} (RFC 9449 section 7.1), or {@code
     * temporarily_unavailable} for a server fault.
     */
    public String error() {
        return error;
    }

    /** The client-facing description. */
    public String description() {
        return description;
    }

    /** True when the fault is the server's (503), false when the token is invalid (401). */
    public boolean isServerFault() {
        return serverFault;
    }
}
