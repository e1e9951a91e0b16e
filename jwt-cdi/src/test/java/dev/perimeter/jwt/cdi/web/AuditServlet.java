package dev.perimeter.jwt.cdi.web;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain servlet (no JAX-RS) that calls a protected bean. */
public class AuditServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String entries = CDI.current().select(AuditLog.class).get().entries();
        response.setContentType("text/plain");
        response.getWriter().write(entries);
    }
}
