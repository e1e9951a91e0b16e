package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.LogText;
import dev.perimeter.example.db.DatabaseException;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The common ground of the application's endpoints: one method, JSON errors for everything that
 * goes wrong, and never a stack trace or a token in an answer or a log line. A malformed request
 * is 400 (413 for a body over the limit); a database or revocation store that fails is 503 with {@code Retry-After}, since a
 * revocation that was not stored must not look done.
 */
abstract class JsonServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(JsonServlet.class.getName());

    private final String method;

    /** @param method the only method this endpoint answers */
    JsonServlet(String method) {
        this.method = method;
    }

    /** Handles a request with the endpoint's method. */
    abstract void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!method.equals(request.getMethod())) {
            RequestBody.closeConnectionIfUnread(request, response);
            response.setHeader("Allow", method);
            Json.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "invalid_request",
                    "use " + method);
            return;
        }
        try {
            handle(request, response, ExampleApp.of(getServletContext()));
        } catch (BadRequestException e) {
            RequestBody.closeConnectionIfUnread(request, response);
            Json.error(response, e.status(), "invalid_request", e.getMessage());
        } catch (DatabaseException | RevocationStoreException e) {
            LOG.log(Level.WARNING, "Perimeter example: " + LogText.of(request.getServletPath())
                    + " failed: " + e.getMessage());
            response.setHeader("Retry-After", "5");
            Json.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "temporarily_unavailable", "the token store is unavailable; try again later");
        } catch (RuntimeException e) {
            // The servlet path names the endpoint (from web.xml); the URI would be client text.
            LOG.log(Level.SEVERE, "Perimeter example: " + LogText.of(request.getServletPath())
                    + " failed", e);
            Json.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "server_error", null);
        }
    }

    /**
     * The text between the leading {@code /} of {@code pathInfo} and {@code suffix}, such as
     * {@code alice} of {@code /alice/revoke}; null when the path is not {@code /}, some text and
     * {@code suffix}. The text may itself hold a {@code /}: callers decide what names a target.
     */
    static String segmentBefore(String pathInfo, String suffix) {
        if (pathInfo == null || !pathInfo.startsWith("/") || !pathInfo.endsWith(suffix)
                || pathInfo.length() <= 1 + suffix.length()) {
            return null;
        }
        return pathInfo.substring(1, pathInfo.length() - suffix.length());
    }
}
