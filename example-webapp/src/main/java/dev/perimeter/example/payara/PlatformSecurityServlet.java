package dev.perimeter.example.payara;

import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Full Jakarta EE servers (Payara, WildFly), container mode. {@code GET /container/ejb}:
 * {@code {"ejb":<name>}} from {@link AdminOnlyBean} ({@code @RolesAllowed("admin")}), or the
 * container's 403 when the EJB container refuses the caller. {@code GET /container/security}:
 * Jakarta Security's {@code SecurityContext}, {@code {"caller":<name>,"admin":<bool>,"user":<bool>}}.
 */
public final class PlatformSecurityServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The two paths. */
    public static final String EJB_PATH = "/container/ejb";
    public static final String SECURITY_PATH = "/container/security";

    /**
     * Injected, not looked up with {@code CDI.current()}: WildFly gives an application Jakarta
     * Security's beans only when it sees that it uses them (an {@code @Inject SecurityContext},
     * an authentication mechanism or identity store); a lookup alone finds no bean there.
     */
    @Inject
    private transient SecurityContext security;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String body;
        if (EJB_PATH.equals(request.getServletPath())) {
            try {
                body = "{\"ejb\":\"" + bean().caller() + "\"}";
            } catch (EJBAccessException e) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        } else {
            Principal caller = security.getCallerPrincipal();
            body = "{\"caller\":" + (caller == null ? "null" : "\"" + caller.getName() + "\"")
                    + ",\"admin\":" + security.isCallerInRole("admin")
                    + ",\"user\":" + security.isCallerInRole("user") + "}";
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static AdminOnlyBean bean() {
        try {
            return (AdminOnlyBean) new InitialContext().lookup("java:module/AdminOnlyBean");
        } catch (NamingException e) {
            throw new IllegalStateException("no AdminOnlyBean in java:module", e);
        }
    }
}
