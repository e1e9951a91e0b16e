package dev.perimeter.jwt.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binder over a real filter's metrics: every meter reads what the filter counted, in a
 * {@link SimpleMeterRegistry} and as Prometheus text under the names the docs' alerts use.
 */
class PerimeterMeterBinderTest {

    private final MutableClock clock = MutableClock.startingNow();
    private JwtFilter filter;
    private JettyHarness jetty;

    @BeforeEach
    void startFilterAndSendRequests() throws Exception {
        filter = new JwtFilter(JwtConfig.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .clock(clock).build());
        jetty = JettyHarness.withFilter(filter);
        String valid = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", clock.instant(), "user"));
        String expired = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("carol", clock.instant().minusSeconds(4000), "user"));
        jetty.getWithBearer("/api/me", valid);
        jetty.getWithBearer("/api/me", valid);
        jetty.getWithBearer("/api/me", valid);
        jetty.getWithBearer("/api/me", expired);
        jetty.send(jetty.request("/api/me").GET().build());
        filter.perimeter().revocationStore().revokeToken("gone", clock.instant().plusSeconds(60));
        assertTrue(filter.perimeter().audit().flush(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(75));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        filter.destroy();
    }

    @Test
    void everyMeterReadsTheFiltersMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new PerimeterMeterBinder(filter.perimeter().metrics(), Tags.of("app", "shop")).bindTo(registry);

        assertEquals(3.0, registry.get("perimeter.requests").tags("outcome", "admitted",
                "reason", "valid", "app", "shop").functionCounter().count());
        assertEquals(1.0, registry.get("perimeter.requests").tags("outcome", "invalid_token",
                "reason", "expired").functionCounter().count());
        assertEquals(1.0, registry.get("perimeter.requests").tags("outcome", "unauthorized",
                "reason", "no_token").functionCounter().count());
        assertEquals(RequestOutcome.values().length,
                registry.get("perimeter.requests").functionCounters().size());

        FunctionTimer validation = registry.get("perimeter.validation").functionTimer();
        assertEquals(4.0, validation.count());
        assertTrue(validation.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertTrue(registry.get("perimeter.validation.max").timeGauge()
                .value(TimeUnit.NANOSECONDS) > 0);
        assertEquals(4.0, registry.get("perimeter.validation.buckets").tag("le", "+Inf")
                .functionCounter().count());
        double previous = 0;
        for (String bound : dev.perimeter.jwt.metrics.LatencyHistogram.boundLabels()) {
            FunctionCounter bucket = registry.get("perimeter.validation.buckets")
                    .tag("le", bound).functionCounter();
            assertTrue(bucket.count() >= previous, "cumulative");
            previous = bucket.count();
        }

        assertEquals(2.0, registry.get("perimeter.cache.requests").tag("result", "hit")
                .functionCounter().count());
        assertEquals(2.0, registry.get("perimeter.cache.requests").tag("result", "miss")
                .functionCounter().count());
        assertEquals(1.0, registry.get("perimeter.cache.entries").gauge().value());
        assertEquals(0.5, registry.get("perimeter.cache.hit.ratio").gauge().value(), 1e-9);

        assertEquals(75.0, registry.get("perimeter.keys.age").timeGauge()
                .value(TimeUnit.SECONDS), 1e-9);

        assertEquals(1.0, registry.get("perimeter.revocation.revoked").tag("kind", "token")
                .gauge().value());
        assertEquals(0.0, registry.get("perimeter.revocation.revoked").tag("kind", "subject")
                .gauge().value());
        assertEquals(0.0, registry.get("perimeter.revocation.lag").timeGauge()
                .value(TimeUnit.SECONDS));
        assertEquals(1.0, registry.get("perimeter.revocation.synchronized").gauge().value());

        assertEquals(2.0, registry.get("perimeter.audit.events").tag("kind", "rejected")
                .functionCounter().count());
        assertEquals(0.0, registry.get("perimeter.audit.events").tag("kind", "alert")
                .functionCounter().count());
        assertEquals(0.0, registry.get("perimeter.audit.dropped").functionCounter().count());
        assertEquals(0.0, registry.get("perimeter.audit.queued").gauge().value());
        assertEquals(AuditEvent.Kind.values().length,
                registry.get("perimeter.audit.events").functionCounters().size());
    }

    @Test
    void prometheusTextCarriesTheNamesTheDocumentedAlertsUse() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PerimeterMeterBinder(filter.perimeter().metrics()).bindTo(registry);
        String text = registry.scrape();
        for (String line : new String[] {
                "perimeter_requests_total{outcome=\"admitted\",reason=\"valid\"} 3.0",
                "perimeter_requests_total{outcome=\"invalid_token\",reason=\"expired\"} 1.0",
                "perimeter_validation_seconds_count 4\n",
                "perimeter_validation_buckets_total{le=\"0.000001\"} 0.0",
                "perimeter_validation_buckets_total{le=\"5\"} 4.0",
                "perimeter_validation_buckets_total{le=\"+Inf\"} 4.0",
                "perimeter_cache_requests_total{result=\"hit\"} 2.0",
                "perimeter_keys_age_seconds 75.0",
                "perimeter_revocation_revoked{kind=\"token\"} 1.0",
                "perimeter_revocation_lag_seconds 0.0",
                "perimeter_revocation_synchronized 1.0",
                "perimeter_audit_events_total{kind=\"alert\"} 0.0",
                "perimeter_audit_dropped_total 0.0",
                "perimeter_audit_queued 0.0"}) {
            assertTrue(text.contains(line), "no line " + line + " in:\n" + text);
        }
        assertTrue(text.contains("perimeter_validation_seconds_sum "), text);
        assertTrue(text.contains("perimeter_validation_max_seconds "), text);
        assertTrue(text.contains("perimeter_cache_hit_ratio "), text);
    }
}
