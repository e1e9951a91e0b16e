package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.config.CsrfMode;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The servlet filter's CSRF rules for cookie-carried tokens, on a JAX-RS request: safe methods
 * need no proof; {@code double-submit} wants the {@code XSRF-TOKEN} cookie (once) equal to the
 * {@code X-XSRF-TOKEN} header; {@code origin} wants {@code Origin} (or {@code Referer}) to name
 * this server.
 */
final class CsrfProof {

    static final String COOKIE = "XSRF-TOKEN";
    static final String HEADER = "X-XSRF-TOKEN";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final CsrfMode mode;

    CsrfProof(CsrfMode mode) {
        this.mode = mode;
    }

    boolean passes(ContainerRequestContext request) {
        if (mode == CsrfMode.OFF || SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        return mode == CsrfMode.DOUBLE_SUBMIT ? doubleSubmitMatches(request) : sameOrigin(request);
    }

    private static boolean doubleSubmitMatches(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        List<String> cookies = CookieHeaders.values(request.getHeaders().get("Cookie"), COOKIE);
        if (header == null || header.isEmpty() || cookies.size() != 1) {
            return false; // none, or two values: a planted cookie; refuse rather than pick
        }
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                cookies.get(0).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameOrigin(ContainerRequestContext request) {
        String source = request.getHeaderString("Origin");
        if (source == null || source.equals("null")) {
            source = request.getHeaderString("Referer");
        }
        if (source == null) {
            return false;
        }
        try {
            URI uri = new URI(source);
            URI self = request.getUriInfo().getRequestUri();
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equalsIgnoreCase(self.getScheme())
                    && uri.getHost().equalsIgnoreCase(self.getHost())
                    && portOf(scheme, uri.getPort()) == portOf(scheme, self.getPort());
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
