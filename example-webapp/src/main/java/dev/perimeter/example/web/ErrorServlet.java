package dev.perimeter.example.web;

import dev.perimeter.example.container.ForbiddenPage;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The application's error page ({@code <error-page>} in {@code web.xml}): every error the
 * container would answer with its own page (a missing file, a method a servlet does not take,
 * an exception that escaped) is answered with a small JSON object instead, naming the status
 * only: no container name or version, no message, no stack trace. The container logs the
 * exception itself.
 */
public final class ErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The container's 403 of a missing role, in container mode; null in filter mode. */
    private transient ForbiddenPage forbidden;

    @Override
    public void init() throws ServletException {
        forbidden = ForbiddenPage.forContainerMode(getServletConfig());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer && (Integer) code >= 400 && (Integer) code <= 599
                ? (Integer) code : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        // A container's refusal (4xx) stays one even where it comes with an exception: Open
        // Liberty hands its 404 of a missing file with a FileNotFoundException, and its own 403
        // of a missing role with a WebSecurityCollaboratorException. Any other exception is a
        // server error.
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null && (status < 400 || status > 499)) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        if (forbidden != null && forbidden.answer(request, response, status)) {
            return;
        }
        Json.error(response, status, error(status), null);
    }

    private static String error(int status) {
        switch (status) {
            case 400: return "invalid_request";
            case 401: return "unauthorized";
            case 403: return "access_denied";
            case 404: return "not_found";
            case 405: return "method_not_allowed";
            case 413: return "request_too_large";
            case 415: return "unsupported_media_type";
            case 429: return "too_many_requests";
            case 503: return "temporarily_unavailable";
            default: return status < 500 ? "invalid_request" : "server_error";
        }
    }
}
