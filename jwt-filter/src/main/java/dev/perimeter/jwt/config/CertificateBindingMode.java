package dev.perimeter.jwt.config;

import java.util.Locale;

/**
 * What {@code certificate-binding} asks of tokens and client certificates (RFC 8705 section 3).
 * In both modes a token whose {@code cnf} names a certificate thumbprint ({@code x5t#S256}) is
 * accepted only over a TLS connection with that client certificate.
 */
public enum CertificateBindingMode {
    /** A certificate-bound token is checked; a token bound to nothing passes as before. */
    CHECKED,
    /** Every token must be certificate-bound, and the connection must carry that certificate. */
    REQUIRED;

    /** Reads a {@code certificate-binding} value; {@link IllegalArgumentException} names what is accepted. */
    public static CertificateBindingMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "checked":
                return CHECKED;
            case "required":
                return REQUIRED;
            default:
                throw new IllegalArgumentException("expected checked or required");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
