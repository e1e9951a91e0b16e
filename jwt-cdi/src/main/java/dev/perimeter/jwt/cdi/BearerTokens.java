package dev.perimeter.jwt.cdi;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;

/**
 * Finds the one token of a JAX-RS request by the servlet filter's rules: {@code <header>: Bearer
 * <token>} (scheme case-insensitive) or the configured cookie; never query or form parameters;
 * two tokens, two transports or a repeated header are refused rather than guessed between.
 */
final class BearerTokens {

    private static final String BEARER = "Bearer";

    /** What the request carried. */
    static final class Found {
        static final Found NONE = new Found(null, false, null);

        final String token;
        final boolean fromCookie;
        final String invalidRequest;

        private Found(String token, boolean fromCookie, String invalidRequest) {
            this.token = token;
            this.fromCookie = fromCookie;
            this.invalidRequest = invalidRequest;
        }

        static Found invalid(String description) {
            return new Found(null, false, description);
        }

        boolean isPresent() {
            return token != null;
        }
    }

    private final String header;
    private final String cookie;

    BearerTokens(String header, String cookie) {
        this.header = header;
        this.cookie = cookie;
    }

    Found resolve(ContainerRequestContext request) {
        Found fromHeader = fromHeader(request.getHeaders().get(header));
        if (fromHeader.invalidRequest != null) {
            return fromHeader;
        }
        Found fromCookie = fromCookie(request.getHeaders().get("Cookie"));
        if (fromCookie.invalidRequest != null) {
            return fromCookie;
        }
        if (fromHeader.isPresent() && fromCookie.isPresent()) {
            return Found.invalid("the request carries a token in both a header and a cookie");
        }
        return fromHeader.isPresent() ? fromHeader : fromCookie;
    }

    private Found fromHeader(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Found.NONE;
        }
        if (values.size() > 1) {
            return Found.invalid("the request repeats the " + header + " header");
        }
        String value = values.get(0);
        if (value.length() < BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Found.NONE; // another scheme (Basic, …): no bearer token here
        }
        if (value.length() == BEARER.length()) {
            return Found.invalid("the bearer token is empty");
        }
        if (value.charAt(BEARER.length()) != ' ') {
            return Found.NONE; // "Bearerx …" is some other scheme
        }
        String token = value.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return Found.invalid("the bearer token is empty");
        }
        if (token.indexOf(' ') >= 0 || token.indexOf(',') >= 0) {
            return Found.invalid("the request carries more than one bearer token");
        }
        return new Found(token, false, null);
    }

    private Found fromCookie(List<String> cookieHeaders) {
        if (cookie == null) {
            return Found.NONE;
        }
        List<String> values = CookieHeaders.values(cookieHeaders, cookie);
        String found = null;
        for (String value : values) {
            if (!value.isEmpty()) {
                if (found != null) {
                    return Found.invalid("the request carries the " + cookie
                            + " cookie more than once");
                }
                found = value;
            }
        }
        return found == null ? Found.NONE : new Found(found, true, null);
    }
}
