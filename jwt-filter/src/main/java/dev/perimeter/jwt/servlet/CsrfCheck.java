package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.config.CsrfMode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery protection for tokens carried in cookies, which the browser attaches
 * to cross-site requests too. Safe methods need no proof.
 */
final class CsrfCheck {

    static final String COOKIE = "XSRF-TOKEN";
    static final String HEADER = "X-XSRF-TOKEN";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final CsrfMode mode;

    CsrfCheck(CsrfMode mode) {
        this.mode = mode;
    }

    /** Whether a cookie-authenticated request may proceed. */
    boolean passes(HttpServletRequest request) {
        if (mode == CsrfMode.OFF || SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        return mode == CsrfMode.DOUBLE_SUBMIT ? doubleSubmitMatches(request) : sameOrigin(request);
    }

    private static boolean doubleSubmitMatches(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        String cookie = null;
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie candidate : cookies) {
                if (COOKIE.equals(candidate.getName())) {
                    if (cookie != null) {
                        return false; // two values: a planted cookie; refuse rather than pick
                    }
                    cookie = candidate.getValue();
                }
            }
        }
        if (header == null || cookie == null || header.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                cookie.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameOrigin(HttpServletRequest request) {
        String source = request.getHeader("Origin");
        if (source == null || source.equals("null")) {
            source = request.getHeader("Referer");
        }
        if (source == null) {
            return false;
        }
        try {
            URI uri = new URI(source);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && portOf(scheme, uri.getPort()) == request.getServerPort();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int portOf(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equals(scheme) ? 443 : 80;
    }
}
