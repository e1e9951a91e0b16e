package dev.perimeter.jwt.csrf;

import java.util.Locale;

/** How a token carried in a cookie proves an unsafe request was meant (not forged cross-site). */
public enum CsrfMode {
    /** The {@code XSRF-TOKEN} cookie must equal the {@code X-XSRF-TOKEN} header. */
    DOUBLE_SUBMIT,
    /** The {@code Origin} (or, without it, {@code Referer}) must be this server's origin. */
    ORIGIN,
    /** No check: only for applications that protect themselves. Logged as a warning. */
    OFF;

    /** Reads a {@code csrf} value; {@link IllegalArgumentException} names what is accepted. */
    public static CsrfMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "double-submit":
                return DOUBLE_SUBMIT;
            case "origin":
                return ORIGIN;
            case "off":
                return OFF;
            default:
                throw new IllegalArgumentException("expected double-submit, origin or off");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
