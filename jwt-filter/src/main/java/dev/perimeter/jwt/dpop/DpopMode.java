package dev.perimeter.jwt.dpop;

import java.util.Locale;

/**
 * Whether requests may or must prove possession of a key with DPoP (RFC 9449), the {@code dpop}
 * parameter. In every mode a token bound to a DPoP key ({@code cnf.jkt}) is refused when it comes
 * as a bearer token (section 7.2): a bound token is never accepted without its proof.
 */
public enum DpopMode {
    /** The {@code DPoP} scheme is not read; DPoP-bound tokens are refused. */
    OFF,
    /** Bearer tokens and DPoP-bound tokens with proofs are both accepted. */
    ALLOWED,
    /** Only DPoP-bound tokens with a valid proof are accepted. */
    REQUIRED;

    /** Reads a {@code dpop} value; {@link IllegalArgumentException} names what is accepted. */
    public static DpopMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off":
                return OFF;
            case "allowed":
                return ALLOWED;
            case "required":
                return REQUIRED;
            default:
                throw new IllegalArgumentException("expected off, allowed or required");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
