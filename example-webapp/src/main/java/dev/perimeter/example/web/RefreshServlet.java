package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.Sessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /auth/refresh}: the refresh token as {@code {"refresh_token"}} (JSON or form), or
 * in cookie mode as the {@code refresh_token} cookie with the double-submit proof. 200 with a new
 * pair, in the same mode; the old refresh token is spent. 401 {@code invalid_grant} for a token
 * that is unknown, expired, revoked, or spent before (which revokes its whole family).
 */
public final class RefreshServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    public RefreshServlet() {
        super("POST");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        String fromBody = Json.fields(request, "refresh_token").get("refresh_token");
        Optional<String> fromCookie = AuthCookies.value(request,
                AuthCookies.of(app).names(request).refresh());
        if (fromBody != null && fromCookie.isPresent()) {
            throw new BadRequestException("send the refresh token in the body or the cookie, not both");
        }
        if (fromBody == null && fromCookie.isEmpty()) {
            throw new BadRequestException("refresh_token is required");
        }
        boolean cookieMode = fromBody == null;
        if (cookieMode && !AuthCookies.xsrfProven(request)) {
            AuditTrail.refreshWithoutCsrfProof(request, HttpServletResponse.SC_FORBIDDEN);
            Json.error(response, HttpServletResponse.SC_FORBIDDEN, "csrf_failed",
                    "the X-XSRF-TOKEN header must equal the XSRF-TOKEN cookie");
            return;
        }
        Sessions.Refresh refresh = app.sessions().refresh(cookieMode ? fromCookie.get() : fromBody,
                request.getRemoteAddr());
        if (refresh instanceof Sessions.Refreshed refreshed) {
            AuditTrail.refreshed(request, refreshed);
            TokenAnswers.send(request, response, refreshed.tokens(), cookieMode, app);
            return;
        }
        Sessions.RefreshRefused refused = (Sessions.RefreshRefused) refresh;
        AuditTrail.refreshRefused(request, refused, HttpServletResponse.SC_UNAUTHORIZED);
        if (cookieMode) {
            AuthCookies.of(app).clear(request, response);
        }
        Json.error(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_grant",
                refused.reason().description());
    }
}
