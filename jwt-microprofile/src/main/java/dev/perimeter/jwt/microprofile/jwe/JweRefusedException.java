package dev.perimeter.jwt.microprofile.jwe;

/**
 * An encrypted token that {@link JweDecryptor} will not open. The message says why and is safe to
 * log: it never quotes the token or any of its header values (they are the sender's text).
 * Checked, so that a caller cannot forget that a JWE may be refused.
 */
public final class JweRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    JweRefusedException(String reason) {
        super(reason);
    }
}
