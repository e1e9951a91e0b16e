package dev.perimeter.jwt.config;

import java.util.Locale;

/**
 * Who authenticates the requests of an application ({@code authentication}): the servlet
 * {@code JwtFilter}, or the container, through the {@code jwt-authentication} module's
 * Jakarta Authentication module, after which the container authorizes by its own constraints.
 */
public enum AuthenticationMode {
    /** The servlet filter authenticates and applies {@code rules} and {@code public-paths}. */
    FILTER,
    /** The container calls Perimeter's {@code ServerAuthModule}; web.xml constraints authorize. */
    CONTAINER;

    /** Reads an {@code authentication} value; {@link IllegalArgumentException} names what is accepted. */
    public static AuthenticationMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "filter":
                return FILTER;
            case "container":
                return CONTAINER;
            default:
                throw new IllegalArgumentException("expected filter or container");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
