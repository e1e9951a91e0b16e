package dev.perimeter.jwt.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import dev.perimeter.jwt.Perimeters;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The filter's metrics as an MXBean, read through the platform MBean server as JConsole would. */
class JmxMetricsTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void theFilterRegistersItsMetricsUnderItsContextAndNameAndUnregistersThemAtDestroy()
            throws Exception {
        ObjectName name = new ObjectName(
                "dev.perimeter:type=JwtFilter,context=\"/\",name=\"perimeter\"");
        assertEquals(name, JmxMetrics.objectName("", "perimeter"));
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER, "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic())))) {
            assertTrue(SERVER.isRegistered(name));
            String valid = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("alice", Instant.now(), "user"));
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", valid);
            jetty.getWithBearer("/api/me", "x.y.z");
            jetty.send(jetty.request("/api/me").GET().build());

            assertEquals(2L, SERVER.getAttribute(name, "Admitted"));
            assertEquals(2L, SERVER.getAttribute(name, "Rejected"));
            assertEquals(3L, SERVER.getAttribute(name, "ValidationCount"));
            assertTrue((Double) SERVER.getAttribute(name, "ValidationSecondsTotal") > 0);
            assertTrue((Double) SERVER.getAttribute(name, "ValidationSecondsMax") > 0);
            assertEquals(1L, SERVER.getAttribute(name, "CacheHits"));
            assertEquals(2L, SERVER.getAttribute(name, "CacheMisses"), "the malformed one too");
            assertEquals(1 / 3.0, (Double) SERVER.getAttribute(name, "CacheHitRatio"), 1e-9);
            assertEquals(1, SERVER.getAttribute(name, "CacheEntries"));
            assertTrue((Double) SERVER.getAttribute(name, "KeySetAgeSeconds") >= 0);
            assertEquals("LOCAL", SERVER.getAttribute(name, "RevocationStatus"));
            assertEquals(0, SERVER.getAttribute(name, "RevokedTokens"));
            assertEquals(0, SERVER.getAttribute(name, "RevokedSubjects"));
            assertEquals(0.0, SERVER.getAttribute(name, "RevocationLagSeconds"));
            assertEquals(0L, SERVER.getAttribute(name, "AuditDropped"));
            assertNotNull(SERVER.getAttribute(name, "AuditQueued"));

            Map<String, Object> requests = table(SERVER.getAttribute(name, "Requests"));
            assertEquals(2L, requests.get("admitted/valid"));
            assertEquals(1L, requests.get("invalid_token/malformed"));
            assertEquals(1L, requests.get("unauthorized/no_token"));
            assertEquals(0L, requests.get("invalid_token/expired"));
            assertEquals(RequestOutcome.values().length, requests.size());
            Map<String, Object> buckets = table(SERVER.getAttribute(name, "ValidationBuckets"));
            assertEquals(3L, buckets.get("+Inf"));
            assertEquals(LatencyHistogram.boundsSeconds().length + 1, buckets.size());
            Map<String, Object> events = table(SERVER.getAttribute(name, "AuditEvents"));
            assertEquals(6, events.size());
            assertTrue(events.containsKey("alert"));
        }
        assertFalse(SERVER.isRegistered(name), "unregistered at destroy");
    }

    @Test
    void twoApplicationsGetTwoNamesAndTheSameNameTwiceGetsAnInstanceNumber() {
        JwtConfig config = JwtConfig.builder().issuer(TestTokens.ISSUER)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).build();
        PerimeterMetrics metrics = new PerimeterMetrics(perimeters.verifier(config), null);
        JmxMetrics shop = JmxMetrics.register(metrics, "/shop", "perimeter");
        JmxMetrics admin = JmxMetrics.register(metrics, "/admin", "perimeter");
        JmxMetrics shopAgain = JmxMetrics.register(metrics, "/shop", "perimeter");
        try {
            assertNotEquals(shop.name(), admin.name());
            assertEquals("/shop", ObjectName.unquote(shop.name().getKeyProperty("context")));
            assertEquals("2", shopAgain.name().getKeyProperty("instance"));
            assertTrue(SERVER.isRegistered(shop.name()) && SERVER.isRegistered(admin.name())
                    && SERVER.isRegistered(shopAgain.name()));
        } finally {
            ObjectName first = shop.name();
            shop.unregister();
            admin.unregister();
            shopAgain.unregister();
            shop.unregister();
            assertFalse(SERVER.isRegistered(first));
        }
        ObjectName odd = JmxMetrics.objectName("/a,b=\"c\"*", "name:with*stars");
        assertEquals("/a,b=\"c\"*", ObjectName.unquote(odd.getKeyProperty("context")));
    }

    private static Map<String, Object> table(Object attribute) {
        Map<String, Object> result = new java.util.HashMap<>();
        for (Object row : ((TabularData) attribute).values()) {
            CompositeData data = (CompositeData) row;
            result.put((String) data.get("key"), data.get("value"));
        }
        return result;
    }
}
