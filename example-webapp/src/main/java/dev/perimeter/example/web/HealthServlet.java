package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.health.HealthCheck;
import dev.perimeter.example.health.HealthStatus;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health}, public (see {@code public-paths} in {@code web.xml}): the
 * {@link HealthCheck} as JSON with {@code Cache-Control: no-store}; 200 when {@code UP} or
 * {@code DEGRADED}, 503 with {@code Retry-After} when {@code DOWN}. Readiness probes, load
 * balancers and the integration tests wait for a 200.
 */
public final class HealthServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    /** Seconds a client should wait before asking a node that is down again. */
    static final String RETRY_AFTER_SECONDS = "5";

    private transient HealthCheck check;

    public HealthServlet() {
        super("GET");
    }

    @Override
    public void init() throws ServletException {
        ExampleApp app = ExampleApp.of(getServletContext());
        check = new HealthCheck(app.revocations()::filter, app.settings().issuer(),
                app.keys().signer().kid(), app.startedAt(), app.clock());
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        HealthCheck.Report report = check.run();
        if (report.status() == HealthStatus.DOWN) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        Json.write(response, report.status().httpStatus(), report.body());
    }
}
