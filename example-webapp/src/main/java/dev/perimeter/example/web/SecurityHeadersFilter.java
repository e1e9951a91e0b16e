package dev.perimeter.example.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The application's own response headers, set before anything else answers (the Perimeter
 * filter's refusals included), so that they hold alike on Jetty, Tomcat and Payara:
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff} on every answer;</li>
 * <li>a {@code Content-Security-Policy} that allows scripts, styles and requests from the
 *     application's own origin only (no inline script), and no framing
 *     ({@code frame-ancestors 'none'}, and {@code X-Frame-Options: DENY} for older browsers);</li>
 * <li>{@code Cache-Control: no-store} on everything but the page, its static files and the key
 *     set: the answers of {@code /api}, {@code /auth} and {@code /admin} hold a user's data or
 *     tokens.</li>
 * </ul>
 * Declared first in {@code web.xml}, for requests and for error dispatches.
 */
public final class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The page's policy; its script and style are files under {@code /static}. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self';"
            + " style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (!cacheable(request)) {
            Json.noStore(response);
        }
        chain.doFilter(request, response);
    }

    /** The pages, their static files and the public key set: nothing of any user's. */
    private static boolean cacheable(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? ""
                : request.getPathInfo());
        return path.equals("/") || path.equals("/index.html") || path.equals("/dpop.html")
                || path.startsWith("/static/")
                || path.equals("/favicon.ico") || path.equals("/.well-known/jwks.json");
    }
}
