package dev.perimeter.jwt.csrf;

import java.util.List;

/** What {@link CsrfPolicy} reads from a request, whatever API carries it. */
public interface CsrfRequest {

    /** The HTTP method, such as {@code POST}. */
    String method();

    /** The header {@code name} as the request API gives it, or null when absent. */
    String header(String name);

    /** Every value of the cookie {@code name} the request carried, in order; empty when none. */
    List<String> cookieValues(String name);

    /** The scheme this server was addressed with, such as {@code https}. */
    String scheme();

    /** The host name this server was addressed with. */
    String host();

    /** The port this server was addressed with. */
    int port();
}
