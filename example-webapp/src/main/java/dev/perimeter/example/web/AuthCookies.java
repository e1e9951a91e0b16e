package dev.perimeter.example.web;

import dev.perimeter.example.CookieNames;
import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.TokenPair;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The cookies of cookie mode, named by {@link CookieNames}. The access cookie (path {@code /})
 * and the refresh cookie (path {@code /auth}) are HttpOnly, so scripts never see the tokens; the
 * {@code XSRF-TOKEN} cookie is readable by the page's script, which copies it into
 * {@value #XSRF_HEADER} on unsafe requests: the filter's double-submit check, done here too for
 * the refresh. All are {@code SameSite=Strict}, and {@code Secure} over https or when
 * {@code secure-cookies} says so.
 */
final class AuthCookies {

    static final String XSRF = CookieNames.PLAIN.xsrf();
    static final String XSRF_HEADER = "X-XSRF-TOKEN";
    private static final String REFRESH_PATH = "/auth";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Boolean secureSetting;
    private final Clock clock;

    /** @param secureSetting true or false to force {@code Secure}; null to follow the request */
    AuthCookies(Boolean secureSetting, Clock clock) {
        this.secureSetting = secureSetting;
        this.clock = clock;
    }

    /** The cookies as {@code app}'s settings want them. */
    static AuthCookies of(ExampleApp app) {
        return new AuthCookies(app.settings().secureCookies(), app.clock());
    }

    /** The names of the cookies of {@code request}'s application. */
    CookieNames names(HttpServletRequest request) {
        return CookieNames.of(secureSetting, request.getContextPath());
    }

    /** Sets the three cookies for {@code tokens}, each living as long as what it carries. */
    void issue(HttpServletRequest request, HttpServletResponse response, TokenPair tokens) {
        Instant now = clock.instant();
        boolean secure = secure(request);
        String path = request.getContextPath();
        CookieNames names = names(request);
        byte[] xsrf = new byte[32];
        RANDOM.nextBytes(xsrf);
        add(response, names.access(), tokens.access().token(), root(path),
                maxAge(now, tokens.access().expiresAt()), true, secure);
        add(response, names.refresh(), tokens.refresh().token(), path + REFRESH_PATH,
                maxAge(now, tokens.refresh().expiresAt()), true, secure);
        add(response, XSRF, Base64.getUrlEncoder().withoutPadding().encodeToString(xsrf), root(path),
                maxAge(now, tokens.refresh().expiresAt()), false, secure);
    }

    /** Deletes the three cookies. */
    void clear(HttpServletRequest request, HttpServletResponse response) {
        boolean secure = secure(request);
        String path = request.getContextPath();
        CookieNames names = names(request);
        add(response, names.access(), "", root(path), 0, true, secure);
        add(response, names.refresh(), "", path + REFRESH_PATH, 0, true, secure);
        add(response, XSRF, "", root(path), 0, false, secure);
    }

    /** Whether the request carries any of the three cookies. */
    boolean present(HttpServletRequest request) {
        CookieNames names = names(request);
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                String name = cookie.getName();
                if (names.access().equals(name) || names.refresh().equals(name)
                        || names.xsrf().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The value of the cookie {@code name}, if sent.
     *
     * @throws BadRequestException when it was sent twice
     */
    static Optional<String> value(HttpServletRequest request, String name) {
        String found = null;
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    if (found != null) {
                        throw new BadRequestException("the cookie " + name + " is repeated");
                    }
                    found = cookie.getValue();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The double-submit proof: the {@value #XSRF} cookie equals the {@value #XSRF_HEADER} header. */
    static boolean xsrfProven(HttpServletRequest request) {
        Optional<String> cookie = value(request, XSRF);
        String header = request.getHeader(XSRF_HEADER);
        return cookie.isPresent() && !cookie.get().isEmpty() && header != null
                && MessageDigest.isEqual(cookie.get().getBytes(StandardCharsets.UTF_8),
                        header.getBytes(StandardCharsets.UTF_8));
    }

    private boolean secure(HttpServletRequest request) {
        return secureSetting != null ? secureSetting : request.isSecure();
    }

    private static String root(String contextPath) {
        return contextPath.isEmpty() ? "/" : contextPath;
    }

    private static long maxAge(Instant now, Instant expiresAt) {
        return Math.max(0, Duration.between(now, expiresAt).getSeconds());
    }

    private static void add(HttpServletResponse response, String name, String value, String path,
            long maxAge, boolean httpOnly, boolean secure) {
        // Written by hand: the same attributes, in the same form, on every container.
        StringBuilder header = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(path)
                .append("; Max-Age=").append(maxAge);
        if (maxAge == 0) {
            header.append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (secure) {
            header.append("; Secure");
        }
        header.append("; SameSite=Strict");
        response.addHeader("Set-Cookie", header.toString());
    }
}
