package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.FilterDefaults;
import dev.perimeter.jwt.micrometer.PerimeterMeterBinder;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.JwtFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /metrics}, for admins (the filter's rule {@code /metrics = admin}): the filter's
 * metrics in the Prometheus text format ({@code perimeter_requests_total},
 * {@code perimeter_validation_seconds}, {@code perimeter_keys_age_seconds}, …; see
 * docs/operations.md, "Metrics"), through {@code jwt-micrometer}'s {@link PerimeterMeterBinder}
 * on a {@link PrometheusMeterRegistry}. The binding is made at the first scrape, once: the
 * filter publishes its metrics when it starts, after this application's listener.
 *
 * <p>A Prometheus server scrapes it with an admin's bearer token ({@code authorization} in its
 * scrape config); a deployment would rather give the scraper a token of a role of its own.
 */
public final class MetricsServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    /** The Prometheus text format, version 0.0.4, as the registry writes it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private transient volatile PrometheusMeterRegistry registry;

    public MetricsServlet() {
        super("GET");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        PrometheusMeterRegistry bound = registry();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(CONTENT_TYPE);
        try (OutputStream out = response.getOutputStream()) {
            bound.scrape(out, CONTENT_TYPE);
        }
    }

    private PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry bound = registry;
        if (bound != null) {
            return bound;
        }
        synchronized (this) {
            if (registry == null) {
                Object filter = getServletContext().getAttribute(
                        JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + FilterDefaults.FILTER_NAME);
                if (!(filter instanceof Perimeter)) {
                    throw new IllegalStateException("the Perimeter filter '"
                            + FilterDefaults.FILTER_NAME + "' has published no metrics");
                }
                PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                new PerimeterMeterBinder(((Perimeter) filter).metrics()).bindTo(created);
                registry = created;
            }
            return registry;
        }
    }

    @Override
    public void destroy() {
        PrometheusMeterRegistry bound = registry;
        if (bound != null) {
            bound.close();
            registry = null;
        }
    }
}
