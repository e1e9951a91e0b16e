package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /admin/subjects/{sub}/revoke}, for admins (the filter's rule
 * {@code /admin/* = admin} checks the role): every token of {@code sub} issued until now is
 * refused from now on, and every refresh token of {@code sub} is revoked. 204.
 */
public final class SubjectRevocationServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    public SubjectRevocationServlet() {
        super("POST");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app) {
        String subject = segmentBefore(request.getPathInfo(), "/revoke");
        if (subject == null || subject.contains("/")) {
            throw new BadRequestException("expected /admin/subjects/{sub}/revoke");
        }
        app.sessions().revokeSubject(subject);
        AuditTrail.subjectRevoked(request, subject, CallerToken.of(request));
        Json.noContent(response);
    }
}
