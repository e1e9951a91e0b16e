package dev.perimeter.example.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /container/caller} in container mode: the caller as the container knows it,
 * {@code {"principal","remoteUser","admin","user","authType"}} from {@code getUserPrincipal()},
 * {@code getRemoteUser()}, {@code isUserInRole("admin")}, {@code isUserInRole("user")} and
 * {@code getAuthType()}.
 */
public final class ContainerCallerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Principal principal = request.getUserPrincipal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("principal", principal == null ? null : principal.getName());
        body.put("remoteUser", request.getRemoteUser());
        body.put("admin", request.isUserInRole("admin"));
        body.put("user", request.isUserInRole("user"));
        body.put("authType", request.getAuthType());
        Json.write(response, HttpServletResponse.SC_OK, body);
    }
}
