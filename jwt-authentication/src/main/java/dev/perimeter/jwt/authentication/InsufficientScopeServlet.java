package dev.perimeter.jwt.authentication;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.ChallengeWriter;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.servlet.RequestMonitor;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the container's 403 in container mode: the container refuses a caller whose
 * token lacks a role its constraints require with {@code sendError(403)}, which only an
 * {@code <error-page>} can shape. Declared in web.xml, not under any constraint:
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>perimeter-forbidden</servlet-name>
 *   <servlet-class>dev.perimeter.jwt.authentication.InsufficientScopeServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>perimeter-forbidden</servlet-name>
 *   <url-pattern>/perimeter-forbidden</url-pattern>
 * </servlet-mapping>
 * <error-page>
 *   <error-code>403</error-code>
 *   <location>/perimeter-forbidden</location>
 * </error-page>
 * }</pre>
 *
 * For a caller with a verified token it answers the filter's 403: {@code WWW-Authenticate: Bearer
 * error="insufficient_scope"} (without {@code scope}: the roles of the constraint are the
 * container's, not known here) and the JSON body, and counts and audits it like the filter; for
 * a caller without one (the container refused an unauthenticated request, such as a preflight on
 * a constrained URL) the filter's 403 {@code access_denied}.
 */
public class InsufficientScopeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object jwt = request.getAttribute(Jwt.REQUEST_ATTRIBUTE);
        if (!(jwt instanceof Jwt)) {
            ChallengeWriter.write(response, BearerChallenge.denied());
            return;
        }
        Object perimeter = getServletContext().getAttribute(JwtFilter.CONTAINER_PERIMETER_ATTRIBUTE);
        Challenges challenges = perimeter instanceof Perimeter
                ? ((Perimeter) perimeter).authenticator().challenges() : Challenges.bearer(null);
        Object monitor = getServletContext().getAttribute(ContainerAuthentication.MONITOR_ATTRIBUTE);
        if (monitor instanceof RequestMonitor && request.getDispatcherType() == DispatcherType.ERROR) {
            ((RequestMonitor) monitor).insufficientScope(new RefusedRequest(request), (Jwt) jwt, null);
        }
        ChallengeWriter.write(response, challenges.insufficientScope(null));
    }

    /** The error dispatch as the audit names it: the path that was refused, not this page's. */
    private static final class RefusedRequest extends HttpServletRequestWrapper {

        RefusedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getRequestURI() {
            Object refused = getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            return refused instanceof String ? (String) refused : super.getRequestURI();
        }
    }
}
