package dev.perimeter.example.web;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /container/admin} in container mode: {@code {"admin":<name>}}, for admins only by
 * the container's reading of {@code @ServletSecurity}. Added in code in container mode only
 * (there is no {@code @WebServlet}): in filter mode no one authenticates for the container, which
 * would refuse everyone.
 */
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public final class AdminOnlyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Json.write(response, HttpServletResponse.SC_OK,
                Map.of("admin", request.getUserPrincipal().getName()));
    }
}
