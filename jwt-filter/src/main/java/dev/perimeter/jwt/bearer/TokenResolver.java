package dev.perimeter.jwt.bearer;

import java.util.List;

/**
 * Finds the one token of a request: {@code <header>: Bearer <token>} (scheme case-insensitive) or
 * the configured cookie. Query and form parameters are never read (RFC 6750 section 2.3 tokens
 * in URLs leak through logs and referrers). Two tokens, two transports or a repeated header are
 * refused rather than guessed between.
 */
final class TokenResolver {

    private static final String BEARER = "Bearer";

    private final String header;
    private final String cookie;

    TokenResolver(String header, String cookie) {
        this.header = header;
        this.cookie = cookie;
    }

    ResolvedToken resolve(BearerRequest request) {
        ResolvedToken fromHeader = fromHeader(request.headerValues(header));
        if (fromHeader.isInvalidRequest()) {
            return fromHeader;
        }
        ResolvedToken fromCookie = fromCookie(request);
        if (fromCookie.isInvalidRequest()) {
            return fromCookie;
        }
        if (fromHeader.isPresent() && fromCookie.isPresent()) {
            return ResolvedToken.invalidRequest("the request carries a token in both a header and a cookie");
        }
        return fromHeader.isPresent() ? fromHeader : fromCookie;
    }

    private ResolvedToken fromHeader(List<String> values) {
        if (values == null || values.isEmpty()) {
            return ResolvedToken.NONE;
        }
        if (values.size() > 1) {
            return ResolvedToken.invalidRequest("the request repeats the " + header + " header");
        }
        String value = values.get(0);
        if (value.length() < BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return ResolvedToken.NONE; // another scheme (Basic, …): no bearer token here
        }
        if (value.length() == BEARER.length()) {
            return ResolvedToken.invalidRequest("the bearer token is empty");
        }
        if (value.charAt(BEARER.length()) != ' ') {
            return ResolvedToken.NONE; // "Bearerx …" is some other scheme
        }
        String token = value.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return ResolvedToken.invalidRequest("the bearer token is empty");
        }
        if (token.indexOf(' ') >= 0 || token.indexOf(',') >= 0) {
            return ResolvedToken.invalidRequest("the request carries more than one bearer token");
        }
        return ResolvedToken.of(token, ResolvedToken.Transport.HEADER);
    }

    private ResolvedToken fromCookie(BearerRequest request) {
        if (cookie == null) {
            return ResolvedToken.NONE;
        }
        String found = null;
        for (String value : request.cookieValues(cookie)) {
            if (value != null && !value.isEmpty()) {
                if (found != null) {
                    return ResolvedToken.invalidRequest("the request carries the " + cookie
                            + " cookie more than once");
                }
                found = value;
            }
        }
        return found == null ? ResolvedToken.NONE : ResolvedToken.of(found, ResolvedToken.Transport.COOKIE);
    }
}
