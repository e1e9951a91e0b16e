package dev.perimeter.example.container;

import dev.perimeter.jwt.authentication.InsufficientScopeServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The 403 page in container mode. The container refuses a missing role with
 * {@code sendError(403)}, which reaches the example's one error page ({@code ErrorServlet});
 * this hands it on to the module's {@link InsufficientScopeServlet}, which answers it as the
 * filter does ({@code insufficient_scope}), counted and audited. Called directly, not through a
 * dispatcher: a forward or include would no longer be the error dispatch it counts, and an
 * include could not set the challenge header.
 */
public final class ForbiddenPage {

    private final InsufficientScopeServlet page;

    private ForbiddenPage(InsufficientScopeServlet page) {
        this.page = page;
    }

    /** The page for the error servlet of {@code config}; null in filter mode. */
    public static ForbiddenPage forContainerMode(ServletConfig config) throws ServletException {
        if (!ContainerConstraints.containerMode(config.getServletContext())) {
            return null;
        }
        InsufficientScopeServlet page = new InsufficientScopeServlet();
        page.init(config);
        return new ForbiddenPage(page);
    }

    /** Answers the error dispatch of a 403; false (nothing written) for any other status. */
    public boolean answer(HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException, ServletException {
        if (status != HttpServletResponse.SC_FORBIDDEN) {
            return false;
        }
        page.service(request, response);
        return true;
    }
}
