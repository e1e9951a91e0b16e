package dev.perimeter.jwt.csrf;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request whose token came from a cookie, which a browser attaches to cross-site
 * requests too, proves that it was sent by this site. Safe methods need no proof; {@code
 * double-submit} wants the {@link #COOKIE} cookie, exactly once, equal to the {@link #HEADER}
 * header; {@code origin} wants {@code Origin} (or, when absent or {@code null}, {@code Referer}) to
 * name this server's scheme, host and port.
 */
public final class CsrfPolicy {

    /** The double-submit cookie. */
    public static final String COOKIE = "XSRF-TOKEN";
    /** The double-submit header. */
    public static final String HEADER = "X-XSRF-TOKEN";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final CsrfMode mode;

    public CsrfPolicy(CsrfMode mode) {
        this.mode = mode;
    }

    /** Whether a cookie-authenticated request may proceed. */
    public boolean passes(CsrfRequest request) {
        if (mode == CsrfMode.OFF || SAFE_METHODS.contains(request.method())) {
            return true;
        }
        return mode == CsrfMode.DOUBLE_SUBMIT ? doubleSubmitMatches(request) : sameOrigin(request);
    }

    private static boolean doubleSubmitMatches(CsrfRequest request) {
        String header = request.header(HEADER);
        List<String> cookies = request.cookieValues(COOKIE);
        if (header == null || header.isEmpty() || cookies.size() != 1) {
            return false; // none, or two values: a planted cookie; refuse rather than pick
        }
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                cookies.get(0).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameOrigin(CsrfRequest request) {
        String source = request.header("Origin");
        if (source == null || source.equals("null")) {
            source = request.header("Referer");
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
            return scheme.equalsIgnoreCase(request.scheme())
                    && uri.getHost().equalsIgnoreCase(request.host())
                    && portOf(scheme, uri.getPort()) == portOf(scheme, request.port());
        } catch (URISyntaxException e) {
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
