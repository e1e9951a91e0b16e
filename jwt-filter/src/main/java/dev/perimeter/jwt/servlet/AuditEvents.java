package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.audit.AuditEvent;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Audit events about a servlet request, for the application's own events (a login, a refresh, a
 * logout) in the filter's {@link dev.perimeter.jwt.audit.AuditLog}:
 *
 * <pre>{@code
 * audit.record(AuditEvents.of(AuditEvent.Kind.ISSUED, request)
 *         .subject(user).tokenId(jti).outcome("success").reason("login").build());
 * }</pre>
 */
public final class AuditEvents {

    private AuditEvents() {
    }

    /**
     * A builder with the request's client address ({@code getRemoteAddr()}, never
     * {@code X-Forwarded-For}), method and path ({@code getRequestURI()}: as sent, with the context
     * path and without the query string).
     */
    public static AuditEvent.Builder of(AuditEvent.Kind kind, HttpServletRequest request) {
        return AuditEvent.builder(kind).request(request.getRemoteAddr(), request.getMethod(),
                request.getRequestURI());
    }
}
