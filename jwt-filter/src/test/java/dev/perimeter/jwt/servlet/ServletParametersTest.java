package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.Parameters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServletParametersTest {

    private static final Map<String, String> NONE = Map.of();

    private static Map<String, String> resolve(Map<String, String> systemProperties,
            Map<String, String> environment, Map<String, String> initParameters,
            Map<String, String> contextParameters) {
        return ServletParameters.resolve(systemProperties, environment, initParameters,
                contextParameters);
    }

    private static void failsNaming(String name, Map<String, String> systemProperties,
            Map<String, String> environment, Map<String, String> initParameters,
            Map<String, String> contextParameters) {
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(systemProperties,
                environment, initParameters, contextParameters));
        assertEquals(name, e.parameter());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown parameter"), e.getMessage());
    }

    // --- precedence ---

    @Test
    void aSystemPropertyWinsOverEveryOtherSource() {
        Map<String, String> effective = resolve(
                Map.of("perimeter.jwt.issuer", "from-sysprop"),
                Map.of("PERIMETER_JWT_ISSUER", "from-env"),
                Map.of("issuer", "from-init-param"),
                Map.of("perimeter.jwt.issuer", "from-context-param"));
        assertEquals("from-sysprop", effective.get("issuer"));
    }

    @Test
    void anEnvironmentVariableWinsOverInitAndContextParameters() {
        Map<String, String> effective = resolve(NONE,
                Map.of("PERIMETER_JWT_ISSUER", "from-env"),
                Map.of("issuer", "from-init-param"),
                Map.of("perimeter.jwt.issuer", "from-context-param"));
        assertEquals("from-env", effective.get("issuer"));
    }

    @Test
    void anInitParameterWinsOverAContextParameter() {
        Map<String, String> effective = resolve(NONE, NONE,
                Map.of("issuer", "from-init-param"),
                Map.of("perimeter.jwt.issuer", "from-context-param"));
        assertEquals("from-init-param", effective.get("issuer"));
    }

    @Test
    void aContextParameterIsUsedWhenNothingElseSetsTheParameter() {
        Map<String, String> effective = resolve(NONE, NONE, NONE,
                Map.of("perimeter.jwt.issuer", "from-context-param"));
        assertEquals(Map.of("issuer", "from-context-param"), effective);
    }

    @Test
    void eachParameterIsResolvedOnItsOwn() {
        Map<String, String> effective = resolve(
                Map.of("perimeter.jwt.leeway", "5"),
                Map.of("PERIMETER_JWT_SECRET", "env-secret"),
                Map.of("issuer", "init-issuer", "leeway", "60"),
                Map.of("perimeter.jwt.audience", "ctx-audience", "perimeter.jwt.issuer", "ctx-issuer"));
        assertEquals(Map.of("leeway", "5", "secret", "env-secret", "issuer", "init-issuer",
                "audience", "ctx-audience"), effective);
    }

    @Test
    void parametersNoSourceSetsAreLeftOutSoTheirDefaultsApply() {
        assertTrue(resolve(NONE, NONE, NONE, NONE).isEmpty());
    }

    @Test
    void anEmptyValueCountsAsSetAndStillWins() {
        Map<String, String> effective = resolve(Map.of("perimeter.jwt.audience", ""), NONE,
                Map.of("audience", "api"), NONE);
        assertEquals("", effective.get("audience"));
    }

    @Test
    void theEffectiveParametersFollowTheDocumentedOrder() {
        Map<String, String> init = new HashMap<>();
        for (String name : Parameters.DEFAULTS.keySet()) {
            init.put(name, "v-" + name);
        }
        assertEquals(String.join(",", Parameters.DEFAULTS.keySet()),
                String.join(",", resolve(NONE, NONE, init, NONE).keySet()));
    }

    // --- unknown names ---

    @Test
    void anUnknownInitParameterFailsNamingIt() {
        failsNaming("isuer", NONE, NONE, Map.of("isuer", "x"), NONE);
    }

    @Test
    void aPrefixedNameIsNotAnInitParameter() {
        failsNaming("perimeter.jwt.issuer", NONE, NONE, Map.of("perimeter.jwt.issuer", "x"), NONE);
    }

    @Test
    void anUnknownPrefixedContextParameterFailsNamingIt() {
        failsNaming("perimeter.jwt.isuer", NONE, NONE, NONE, Map.of("perimeter.jwt.isuer", "x"));
    }

    @Test
    void anUnknownPrefixedSystemPropertyFailsNamingIt() {
        failsNaming("perimeter.jwt.max-token-lenght", Map.of("perimeter.jwt.max-token-lenght", "1"),
                NONE, NONE, NONE);
    }

    @Test
    void anUnknownPrefixedEnvironmentVariableFailsNamingIt() {
        failsNaming("PERIMETER_JWT_ISUER", NONE, Map.of("PERIMETER_JWT_ISUER", "x"), NONE, NONE);
    }

    @Test
    void anEnvironmentVariableMustBeUpperCase() {
        failsNaming("PERIMETER_JWT_issuer", NONE, Map.of("PERIMETER_JWT_issuer", "x"), NONE, NONE);
    }

    @Test
    void namesOutsideThePrefixesAreLeftAlone() {
        Map<String, String> effective = resolve(
                Map.of("java.version", "17", "perimeter.example.port", "8080"),
                Map.of("PATH", "/usr/bin", "PERIMETER_EXAMPLE_PORT", "8080"),
                Map.of("issuer", "i"),
                Map.of("org.eclipse.jetty.servlet.Default.dirAllowed", "false",
                        "perimeter.jwtx.issuer", "unrelated"));
        assertEquals(Map.of("issuer", "i"), effective);
    }

    // --- environment names ---

    @ParameterizedTest
    @CsvSource({"issuer, PERIMETER_JWT_ISSUER", "public-key, PERIMETER_JWT_PUBLIC_KEY",
        "max-token-length, PERIMETER_JWT_MAX_TOKEN_LENGTH", "oidc-discovery, PERIMETER_JWT_OIDC_DISCOVERY",
        "jwks-min-refetch, PERIMETER_JWT_JWKS_MIN_REFETCH", "a.b-c, PERIMETER_JWT_A_B_C"})
    void theEnvironmentNameIsThePrefixedUpperCaseNameWithUnderscores(String name, String variable) {
        assertEquals(variable, Parameters.environmentName(name));
    }

    @Test
    void everyParameterIsReachableByItsEnvironmentNameAndNoTwoShareOne() {
        Set<String> variables = new HashSet<>();
        for (String name : Parameters.DEFAULTS.keySet()) {
            String variable = Parameters.environmentName(name);
            assertTrue(variables.add(variable), variable);
            Map<String, String> effective = resolve(NONE, Map.of(variable, "from-env"), NONE, NONE);
            assertEquals(Map.of(name, "from-env"), effective);
        }
    }

    @Test
    void everyParameterIsReachableAsSystemPropertyAndContextParameter() {
        for (String name : Parameters.DEFAULTS.keySet()) {
            String property = Parameters.PROPERTY_PREFIX + name;
            assertEquals(Map.of(name, "s"), resolve(Map.of(property, "s"), NONE, NONE, NONE));
            assertEquals(Map.of(name, "c"), resolve(NONE, NONE, NONE, Map.of(property, "c")));
        }
    }

    @Test
    void theEffectiveMapCannotBeChanged() {
        Map<String, String> effective = resolve(NONE, NONE, Map.of("issuer", "i"), NONE);
        assertThrows(UnsupportedOperationException.class, () -> effective.put("issuer", "j"));
        assertFalse(effective.containsKey("audience"));
    }
}
