package dev.perimeter.jwt.revocation;

/**
 * A shared revocation store did not accept a write: it is down, unreachable or refused. The
 * calling node still enforces the revocation, but other nodes and a restart of this one may not
 * know it, so the caller must report the failure (an application answers 503) rather than
 * carry on as if the token were revoked everywhere.
 */
public final class RevocationStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RevocationStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public RevocationStoreException(String message) {
        super(message);
    }
}
