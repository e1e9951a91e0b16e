package dev.perimeter.example;

/**
 * The names of cookie mode's cookies, decided once per deployment, since the filter's
 * {@code cookie} parameter must name the access cookie before the first request.
 *
 * <p>With {@code secure-cookies=true} and the application at the root of its host, the access
 * cookie is {@code __Host-access_token}: a browser takes a {@code __Host-} cookie only with
 * {@code Secure}, {@code Path=/} and no {@code Domain}, so neither a sibling subdomain nor a plain
 * http page can plant or overwrite it. The refresh cookie lives at {@code Path=/auth}, which
 * {@code __Host-} forbids, so it gets the weaker {@code __Secure-refresh_token}. Otherwise (over
 * plain http, as on localhost, where browsers refuse these prefixes; with {@code auto}, where
 * {@code Secure} follows each request; or under a context path) the names are plain. The
 * double-submit cookie stays {@code XSRF-TOKEN}, the name the filter's CSRF check reads.
 *
 * @param access  the access token's cookie, also the filter's {@code cookie} parameter
 * @param refresh the refresh token's cookie
 * @param xsrf    the double-submit cookie
 */
public record CookieNames(String access, String refresh, String xsrf) {

    /** The plain names. */
    public static final CookieNames PLAIN = new CookieNames("access_token", "refresh_token",
            "XSRF-TOKEN");
    /** The prefixed names, for a deployment at the root with {@code secure-cookies=true}. */
    public static final CookieNames PREFIXED = new CookieNames("__Host-access_token",
            "__Secure-refresh_token", "XSRF-TOKEN");

    /**
     * The names for {@code secureCookies} (the setting: true, false, or null for auto) and the
     * application's {@code contextPath} ({@code ""} at the root).
     */
    public static CookieNames of(Boolean secureCookies, String contextPath) {
        return Boolean.TRUE.equals(secureCookies) && contextPath.isEmpty() ? PREFIXED : PLAIN;
    }
}
