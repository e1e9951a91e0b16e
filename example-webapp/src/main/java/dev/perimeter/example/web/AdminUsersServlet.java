package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.ActiveSession;
import dev.perimeter.example.users.User;
import dev.perimeter.jwt.Jwt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The admin view's reading side, for admins (the filter's rule {@code /admin/* = admin}):
 * <ul>
 * <li>{@code GET /admin/users}: {@code {"users":[{"username","roles","activeSessions"}]}}, by
 *     name, at most {@value #MAX_USERS};</li>
 * <li>{@code GET /admin/users/{sub}/sessions}: {@code {"sub","sessions":[…]}}, the user's live
 *     sessions (refresh families), most recently used first, each with {@code id},
 *     {@code created}, {@code lastUsed}, {@code address}, {@code loginAddress},
 *     {@code expiresAt}, {@code refreshes}, {@code dpop} (bound to a DPoP key) and
 *     {@code current} (the caller's own session);
 *     404 {@code not_found} for an unknown user.</li>
 * </ul>
 * A session's {@code id} names it for {@code POST /admin/sessions/{id}/revoke}; it is no
 * credential (see {@link ActiveSession}).
 */
public final class AdminUsersServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    /** The most users listed. */
    static final int MAX_USERS = 500;
    private static final String SESSIONS = "/sessions";

    public AdminUsersServlet() {
        super("GET");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            Json.write(response, HttpServletResponse.SC_OK, users(app));
            return;
        }
        String subject = segmentBefore(path, SESSIONS);
        if (subject != null && !subject.contains("/") && app.users().find(subject).isPresent()) {
            Json.write(response, HttpServletResponse.SC_OK,
                    sessions(app, subject, CallerToken.of(request)));
            return;
        }
        Json.error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such user");
    }

    private static Map<String, Object> users(ExampleApp app) {
        Map<String, Integer> counts = app.sessions().liveSessionCounts();
        List<Map<String, Object>> users = new ArrayList<>();
        for (User user : app.users().list(MAX_USERS)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("username", user.username());
            entry.put("roles", new TreeSet<>(user.roles()));
            entry.put("activeSessions", counts.getOrDefault(user.username(), 0));
            users.add(entry);
        }
        return Map.of("users", users);
    }

    private static Map<String, Object> sessions(ExampleApp app, String subject, Jwt caller) {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (ActiveSession session : app.sessions().liveSessions(subject)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", session.id());
            entry.put("created", time(session.created()));
            entry.put("lastUsed", time(session.lastUsed()));
            entry.put("address", session.address());
            entry.put("loginAddress", session.loginAddress());
            entry.put("expiresAt", time(session.expiresAt()));
            entry.put("refreshes", session.refreshes());
            entry.put("dpop", session.dpopBound());
            entry.put("current", session.issued(caller.id()));
            sessions.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", subject);
        body.put("sessions", sessions);
        return body;
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
