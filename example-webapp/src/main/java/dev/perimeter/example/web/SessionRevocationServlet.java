package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.Sessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /admin/sessions/{id}/revoke}, for admins (the filter's rule
 * {@code /admin/* = admin}; a cookie caller needs the CSRF proof, which the filter checks): ends
 * one session, as listed by {@code GET /admin/users/{sub}/sessions}. Its refresh family and the
 * access tokens issued in it are revoked, so its holder is refused at the next request. 204; 404
 * {@code not_found} when no live session has that id. To end every session of a user, see
 * {@code POST /admin/subjects/{sub}/revoke}.
 */
public final class SessionRevocationServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    /** Family ids are 128 random bits in base64url; anything else cannot name one. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String REVOKE = "/revoke";

    public SessionRevocationServlet() {
        super("POST");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        String id = segmentBefore(request.getPathInfo(), REVOKE);
        if (id == null) {
            throw new BadRequestException("expected /admin/sessions/{id}/revoke");
        }
        Optional<Sessions.EndedSession> ended = SESSION_ID.matcher(id).matches()
                ? app.sessions().revokeSession(id) : Optional.empty();
        if (ended.isEmpty()) {
            Json.error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such session");
            return;
        }
        AuditTrail.sessionRevoked(request, id, ended.get(), CallerToken.of(request));
        Json.noContent(response);
    }
}
