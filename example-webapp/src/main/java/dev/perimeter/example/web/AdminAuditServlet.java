package dev.perimeter.example.web;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.perimeter.example.ExampleApp;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/audit?limit=n}, for admins (the filter's rule {@code /admin/* = admin}): the
 * filter's latest audit events, newest first, as a JSON array of the objects the audit log
 * writes (see docs/operations.md, "Audit events"): the filter's rejections and alerts, and the
 * application's logins, refreshes and revocations. {@code limit} is 1 to {@value #MAX_LIMIT},
 * {@value #DEFAULT_LIMIT} by default; the filter keeps its latest {@code audit-history-size}.
 *
 * <p>Paths and other texts in events come from clients: a page must show them as text, never
 * as markup.
 */
public final class AdminAuditServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    /** The query parameter that bounds the answer. */
    static final String PARAM_LIMIT = "limit";
    /** Events answered without {@code limit}. */
    static final int DEFAULT_LIMIT = 50;
    /** The most events answered at once. */
    static final int MAX_LIMIT = 1000;

    public AdminAuditServlet() {
        super("GET");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        int limit = limit(QueryString.fields(request).get(PARAM_LIMIT));
        AuditLog log = AuditTrail.log(getServletContext());
        List<RawValue> events = new ArrayList<>();
        if (log != null) {
            for (AuditEvent event : log.recent(limit)) {
                events.add(new RawValue(event.toJson()));
            }
        }
        Json.write(response, HttpServletResponse.SC_OK, events);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (!value.matches("[0-9]{1,4}")) {
            throw new BadRequestException("limit must be a number from 1 to " + MAX_LIMIT);
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be a number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
