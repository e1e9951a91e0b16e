package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The two WARs: the Tomcat one brings Weld and Jersey, the Payara one uses the server's; both
 * carry the same application, the drivers, the Redis store and Micrometer's Prometheus registry
 * (for {@code /metrics}), and neither a key nor the launcher.
 */
@Tag("webapp")
class ExampleWarContentsTest {

    private static final List<String> BOTH = List.of("jwt-filter-", "jwt-cdi-", "jwt-redis-", "jwt-authentication-",
            "lettuce-core-", "java-jwt-", "java-otp-", "h2-", "postgresql-", "HikariCP-",
            // GET /metrics: the binder, Micrometer, its Prometheus registry and the text format
            "jwt-micrometer-", "micrometer-core-", "micrometer-commons-",
            "micrometer-registry-prometheus-", "prometheus-metrics-core-",
            "prometheus-metrics-model-", "prometheus-metrics-exposition-textformats-");
    private static final List<String> TOMCAT_ONLY = List.of("weld-servlet-shaded-",
            "jersey-container-servlet-", "jersey-hk2-", "jersey-cdi1x-", "jersey-cdi1x-servlet-",
            "jakarta.ws.rs-api-");

    @Test
    void theTomcatWarBringsWeldAndJersey() throws Exception {
        List<String> libraries = libraries(RunningExample.war());
        for (String name : concat(BOTH, TOMCAT_ONLY)) {
            assertTrue(libraries.stream().anyMatch(l -> l.startsWith(name)), name + " in " + libraries);
        }
    }

    @Test
    void thePayaraWarLeavesWeldJerseyAndTheJakartaApisToTheServer() throws Exception {
        List<String> libraries = libraries(payaraWar());
        for (String name : BOTH) {
            assertTrue(libraries.stream().anyMatch(l -> l.startsWith(name)), name + " in " + libraries);
        }
        for (String library : libraries) {
            assertFalse(library.startsWith("weld-") || library.startsWith("jersey-")
                    || library.startsWith("hk2-") || library.startsWith("jakarta."), library);
        }
    }

    @Test
    void thePayaraWarTurnsOffPayarasOwnRolesAllowedFilterSoThatJwtCdiAnswers() throws Exception {
        try (JarFile payara = new JarFile(payaraWar().toFile())) {
            String descriptor = new String(payara.getInputStream(
                    payara.getEntry("WEB-INF/payara-web.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(descriptor.contains(
                    "<jaxrs-roles-allowed-enabled>false</jaxrs-roles-allowed-enabled>"), descriptor);
        }
    }

    @Test
    void bothCarryTheSameApplicationAndNoKeyDataOrLauncher() throws Exception {
        try (JarFile tomcat = new JarFile(RunningExample.war().toFile());
                JarFile payara = new JarFile(payaraWar().toFile())) {
            assertArrayEquals(tomcat.getInputStream(tomcat.getEntry("WEB-INF/web.xml")).readAllBytes(),
                    payara.getInputStream(payara.getEntry("WEB-INF/web.xml")).readAllBytes());
            for (JarFile war : List.of(tomcat, payara)) {
                List<String> names = war.stream().map(ZipEntry::getName).toList();
                assertTrue(names.contains("WEB-INF/classes/dev/perimeter/example/ExampleListener.class"));
                assertTrue(names.contains("index.html"));
                for (String name : names) {
                    assertFalse(name.contains("/launcher/"), name);
                    assertFalse(name.endsWith(".pem") || name.endsWith(".mv.db")
                            || name.endsWith("jwks.json"), name);
                }
            }
        }
    }

    private static Path payaraWar() {
        String war = System.getProperty("example.test.payara-war");
        assertTrue(war != null, "example.test.payara-war is set by the build");
        return Path.of(war);
    }

    private static List<String> libraries(Path war) throws Exception {
        try (JarFile jar = new JarFile(war.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .map(name -> name.substring("WEB-INF/lib/".length()))
                    .toList();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
