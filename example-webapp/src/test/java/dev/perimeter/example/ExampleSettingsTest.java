package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.keys.SigningAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleSettingsTest {

    private static ExampleSettings settings(Map<String, String> properties, Map<String, String> environment,
            Map<String, String> contextParameters) {
        return ExampleSettings.from(properties, environment, contextParameters::get,
                contextParameters.keySet());
    }

    private static ExampleSettings properties(String... namesAndValues) {
        Map<String, String> properties = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put("perimeter.example." + namesAndValues[i], namesAndValues[i + 1]);
        }
        return settings(properties, Map.of(), Map.of());
    }

    private static SettingException failure(String... namesAndValues) {
        return assertThrows(SettingException.class, () -> properties(namesAndValues));
    }

    @Test
    void theDefaultsAreTheDesignsWithTheDataInDotData() {
        ExampleSettings settings = properties();
        Path data = Path.of("data").toAbsolutePath().normalize();
        assertEquals(8080, settings.port());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(data, settings.dataDirectory());
        assertEquals("http://localhost:8080", settings.issuer());
        assertEquals("perimeter-example", settings.audience());
        assertNull(settings.signingKey());
        assertNull(settings.signingKid());
        assertEquals(SigningAlgorithm.RS256, settings.signingAlgorithm());
        assertEquals(Duration.ofSeconds(300), settings.accessTtl());
        assertEquals(Duration.ofSeconds(86400), settings.refreshTtl());
        assertEquals("jdbc:h2:file:" + data + "/perimeter;DB_CLOSE_ON_EXIT=FALSE", settings.database());
        assertNull(settings.secureCookies());
    }

    @Test
    void aSystemPropertyBeatsTheEnvironmentWhichBeatsAContextParam() {
        Map<String, String> context = Map.of("perimeter.example.audience", "from-context",
                "perimeter.example.access-ttl", "60", "perimeter.example.signing-alg", "ES256");
        Map<String, String> environment = Map.of("PERIMETER_EXAMPLE_AUDIENCE", "from-env",
                "PERIMETER_EXAMPLE_ACCESS_TTL", "120");
        ExampleSettings settings = settings(Map.of("perimeter.example.audience", "from-property"),
                environment, context);
        assertEquals("from-property", settings.audience());
        assertEquals(Duration.ofSeconds(120), settings.accessTtl());
        assertEquals(SigningAlgorithm.ES256, settings.signingAlgorithm());
    }

    @Test
    void theDefaultIssuerFollowsThePort() {
        assertEquals("http://localhost:9090", properties("port", "9090").issuer());
        assertEquals("https://login.example.com", properties("port", "9090",
                "issuer", "https://login.example.com").issuer());
    }

    @Test
    void unknownNamesFailTheStartNamingThem() {
        assertEquals("perimeter.example.prot", failure("prot", "9090").setting());
        assertEquals("PERIMETER_EXAMPLE_DATADIR", assertThrows(SettingException.class, () ->
                settings(Map.of(), Map.of("PERIMETER_EXAMPLE_DATADIR", "/x"), Map.of())).setting());
        assertEquals("perimeter.example.colour", assertThrows(SettingException.class, () ->
                settings(Map.of(), Map.of(), Map.of("perimeter.example.colour", "red"))).setting());
        // Other prefixes are not the example's business.
        settings(Map.of("perimeter.jwt.leeway", "5", "user.home", "/root"),
                Map.of("PERIMETER_JWT_LEEWAY", "5"), Map.of("perimeter.jwt.realm", "x"));
    }

    @Test
    void invalidValuesFailTheStartNamingTheSetting() {
        assertEquals("port", failure("port", "eighty").setting());
        assertEquals("port", failure("port", "70000").setting());
        assertEquals("access-ttl", failure("access-ttl", "0").setting());
        assertEquals("refresh-ttl", failure("refresh-ttl", "-1").setting());
        assertEquals("signing-alg", failure("signing-alg", "HS256").setting());
        assertEquals("signing-kid", failure("signing-kid", "a kid with spaces").setting());
        assertEquals("database", failure("database", "jdbc:mysql://db/x").setting());
        assertEquals("secure-cookies", failure("secure-cookies", "sometimes").setting());
        assertEquals("audience", failure("audience", " ").setting());
        assertTrue(failure("signing-alg", "HS256").getMessage()
                .startsWith("Perimeter example: setting 'signing-alg': expected RS256 or ES256"));
    }

    @Test
    void secureCookiesAreAutomaticUnlessForced() {
        assertEquals(Boolean.TRUE, properties("secure-cookies", "true").secureCookies());
        assertEquals(Boolean.FALSE, properties("secure-cookies", "FALSE").secureCookies());
        assertNull(properties("secure-cookies", "auto").secureCookies());
    }

    @Test
    void theLoginLimitsDefaultToTwentyFailuresPerAddressAndTheProcessorsAtLeastTwo() {
        ExampleSettings defaults = properties();
        assertEquals(20, defaults.loginAddressFailures());
        assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors()), defaults.loginConcurrency());
        ExampleSettings set = properties("login-address-failures", "50", "login-concurrency", "1");
        assertEquals(50, set.loginAddressFailures());
        assertEquals(1, set.loginConcurrency());
        assertEquals("login-address-failures", failure("login-address-failures", "0").setting());
        assertEquals("login-concurrency", failure("login-concurrency", "0").setting());
        assertEquals("login-concurrency", failure("login-concurrency", "many").setting());
        assertTrue(set.summary().contains("login-address-failures=50, login-concurrency=1"), set.summary());
    }

    @Test
    void theSummaryShowsNeitherKeyNorDatabasePassword() {
        String summary = properties("signing-key", "-----BEGIN PRIVATE KEY-----\nMIIsecret\n",
                "database", "jdbc:postgresql://db/app?user=app&password=hunter2").summary();
        assertFalse(summary.contains("MIIsecret"), summary);
        assertFalse(summary.contains("hunter2"), summary);
        assertTrue(summary.contains("signing-key=configured"), summary);
        assertTrue(summary.contains("password=***"), summary);
    }
}
