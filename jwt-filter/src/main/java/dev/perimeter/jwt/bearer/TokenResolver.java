package dev.perimeter.jwt.bearer;

import java.util.List;

/**
 * Finds the one token of a request: {@code <header>: Bearer <token>} (scheme case-insensitive),
 * {@code <header>: DPoP <token>} when DPoP is on, or the configured cookie. Query and form parameters are never read (RFC 6750 section 2.3 tokens
 * in URLs leak through logs and referrers). Two tokens, two transports or a repeated header are
 * refused rather than guessed between.
 */
final class TokenResolver {

    private static final String BEARER = "Bearer";
    private static final String DPOP = "DPoP";

    private final String header;
    private final String cookie;
    private final boolean dpop;

    /**
     * With {@code header} null, tokens are read from the cookie alone; with {@code dpop} false,
     * {@code DPoP <token>} is another scheme: no token is read there.
     */
    TokenResolver(String header, String cookie, boolean dpop) {
        this.header = header;
        this.cookie = cookie;
        this.dpop = dpop;
    }

    ResolvedToken resolve(BearerRequest request) {
        ResolvedToken fromHeader = header == null ? ResolvedToken.NONE
                : fromHeader(request.headerValues(header));
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
        ResolvedToken bearer = fromScheme(value, BEARER, ResolvedToken.Transport.HEADER);
        if (bearer != ResolvedToken.NONE || !dpop) {
            return bearer;
        }
        return fromScheme(value, DPOP, ResolvedToken.Transport.DPOP);
    }

    private ResolvedToken fromScheme(String value, String scheme, ResolvedToken.Transport transport) {
        if (value.length() < scheme.length()
                || !value.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return ResolvedToken.NONE; // another scheme (Basic, …): no token of this one here
        }
        String kind = transport == ResolvedToken.Transport.DPOP ? "DPoP" : "bearer";
        if (value.length() == scheme.length()) {
            return ResolvedToken.invalidRequest("the " + kind + " token is empty");
        }
        if (value.charAt(scheme.length()) != ' ') {
            return ResolvedToken.NONE; // "Bearerx …" is some other scheme
        }
        String token = value.substring(scheme.length()).trim();
        if (token.isEmpty()) {
            return ResolvedToken.invalidRequest("the " + kind + " token is empty");
        }
        if (token.indexOf(' ') >= 0 || token.indexOf(',') >= 0) {
            return ResolvedToken.invalidRequest("the request carries more than one " + kind + " token");
        }
        return ResolvedToken.of(token, transport);
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
