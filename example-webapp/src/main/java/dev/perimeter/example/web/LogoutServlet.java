package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.jwt.Jwt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /auth/logout} with a valid access token (the filter checks it): revokes that token
 * and the refresh family it came with, including the family's other access tokens; clears the
 * cookies of cookie mode. 204.
 */
public final class LogoutServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    public LogoutServlet() {
        super("POST");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app) {
        Jwt caller = CallerToken.of(request);
        int others = app.sessions().logout(caller);
        AuditTrail.loggedOut(request, caller, others);
        AuthCookies cookies = AuthCookies.of(app);
        if (cookies.present(request)) {
            cookies.clear(request, response);
        }
        Json.noContent(response);
    }
}
