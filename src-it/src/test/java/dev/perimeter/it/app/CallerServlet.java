package dev.perimeter.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * The servlet of {@link CallerWar}'s application, deployed from its WAR, not from this class
 * path: answers every path with what the container says about the caller, in one line,
 * {@code user=alice remote=alice type=BEARER admin=false}.
 */
public class CallerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal user = request.getUserPrincipal();
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("user=" + (user == null ? null : user.getName())
                + " remote=" + request.getRemoteUser()
                + " type=" + request.getAuthType()
                + " admin=" + request.isUserInRole("admin"));
    }
}
