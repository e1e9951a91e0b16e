package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.Sessions;
import dev.perimeter.jwt.Jwt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /auth/revoke}, token revocation after RFC 7009: form field {@code token}, an access
 * or a refresh token ({@code token_type_hint} is not needed: the two are told apart by form).
 * The caller authenticates with its own access token (the filter checks it) and must own the
 * token or be an admin: 403 otherwise. 200 once revoked, and also for a token that is unknown or
 * invalid anyway, as the RFC asks.
 */
public final class RevocationServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    public RevocationServlet() {
        super("POST");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        String token = Json.fields(request, "token", "token_type_hint").get("token");
        if (token == null || token.isEmpty()) {
            throw new BadRequestException("token is required");
        }
        Jwt caller = CallerToken.of(request);
        Sessions.Revocation revocation = app.sessions().revoke(token, caller);
        if (revocation instanceof Sessions.Forbidden) {
            AuditTrail.revocationForbidden(request, caller, HttpServletResponse.SC_FORBIDDEN);
            Json.error(response, HttpServletResponse.SC_FORBIDDEN, "access_denied",
                    "only the token's owner or an admin may revoke it");
            return;
        }
        if (revocation instanceof Sessions.Revoked revoked) {
            AuditTrail.revoked(request, revoked, caller);
        }
        Json.noStore(response);
        response.setStatus(HttpServletResponse.SC_OK);
    }
}
