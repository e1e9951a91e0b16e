package dev.perimeter.example.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.container.RuleTranslation.Need;
import dev.perimeter.jwt.config.Parameters;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.annotation.ServletSecurity.EmptyRoleSemantic;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleTranslationTest {

    /** The filter's settings in the example's web.xml. */
    private static final String PUBLIC_PATHS = "/, /index.html, /static/*, /favicon.ico,"
            + " /auth/login, /auth/refresh, /.well-known/jwks.json, /health";
    private static final String RULES = "/admin/* = admin; /metrics = admin";

    private static RuleTranslation translation(String publicPaths, String rules) {
        return new RuleTranslation(Parameters.PUBLIC_PATHS.read(publicPaths), Parameters.RULES.read(rules));
    }

    /** The example's servlets, Jersey's, the container's, and Payara Micro's own. */
    private static Map<String, List<String>> exampleMappings() {
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        mappings.put("login", List.of("/auth/login"));
        mappings.put("refresh", List.of("/auth/refresh"));
        mappings.put("logout", List.of("/auth/logout"));
        mappings.put("admin-users", List.of("/admin/users/*"));
        mappings.put("admin-audit", List.of("/admin/audit"));
        mappings.put("metrics", List.of("/metrics"));
        mappings.put("health", List.of("/health"));
        mappings.put("jwks", List.of("/.well-known/jwks.json"));
        mappings.put("error", List.of("/error"));
        mappings.put("jersey", List.of("/api/*"));
        mappings.put("default", List.of("/"));
        mappings.put("payara-health", List.of("/health/*"));
        mappings.put("payara-metrics", List.of("/metrics/*"));
        return mappings;
    }

    @Test
    void theExamplesSettingsGiveEachServletOneSecurity() {
        Map<String, List<String>> mappings = exampleMappings();
        Set<String> constrained = new LinkedHashSet<>(mappings.keySet());
        constrained.remove("default");
        Map<String, Need> needs = translation(PUBLIC_PATHS, RULES).needs(mappings, constrained);
        Need admin = new Need(Need.Kind.ROLES, Set.of("admin"));
        assertEquals(Need.OPEN, needs.get("login"));
        assertEquals(Need.OPEN, needs.get("refresh"));
        assertEquals(Need.OPEN, needs.get("health"));
        assertEquals(Need.OPEN, needs.get("jwks"));
        assertEquals(Need.TOKEN, needs.get("logout"));
        assertEquals(Need.TOKEN, needs.get("error"));
        assertEquals(Need.TOKEN, needs.get("jersey"));
        assertEquals(admin, needs.get("admin-users"));
        assertEquals(admin, needs.get("admin-audit"));
        assertEquals(admin, needs.get("metrics"));
        // /health and /metrics go to the example's exact servlets, not to Payara's prefixes.
        assertEquals(Need.TOKEN, needs.get("payara-health"));
        assertEquals(Need.TOKEN, needs.get("payara-metrics"));
        assertEquals(Set.of("admin"), translation(PUBLIC_PATHS, RULES).roles());
    }

    @Test
    void theSecuritiesSayWhatTheFilterDoes() {
        assertTrue(Need.OPEN.security().getHttpMethodConstraints().isEmpty());
        assertEquals(EmptyRoleSemantic.PERMIT, Need.OPEN.security().getEmptyRoleSemantic());
        HttpConstraintElement token = Need.TOKEN.security();
        assertEquals(Set.of("**"), Set.of(token.getRolesAllowed()));
        assertEquals(Set.of("OPTIONS"), Set.copyOf(Need.TOKEN.security().getMethodNames()));
        assertEquals(Set.of("admin", "ops"),
                Set.of(new Need(Need.Kind.ROLES, Set.of("admin", "ops")).security().getRolesAllowed()));
        assertEquals(EmptyRoleSemantic.DENY, Need.DENY.security().getEmptyRoleSemantic());
    }

    @Test
    void aRuleNarrowerThanAServletsMappingFailsNamingTheSettingsAndTheServlet() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> translation(PUBLIC_PATHS, RULES + "; /api/reports/* = auditor")
                        .needs(exampleMappings(), Set.of("jersey")));
        assertTrue(failure.getMessage().contains("public-paths") && failure.getMessage().contains("rules")
                && failure.getMessage().contains("'jersey'"), failure.getMessage());
        assertThrows(IllegalStateException.class, () -> translation(PUBLIC_PATHS, "*.csv = admin")
                .needs(exampleMappings(), Set.of("jersey")), "an extension under a prefix");
        assertThrows(IllegalStateException.class, () -> translation("/api/status", RULES)
                .needs(exampleMappings(), Set.of("jersey")), "a public path under a prefix");
    }

    @Test
    void aRuleLimitedToMethodsFailsNamingRules() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> translation(PUBLIC_PATHS, "[POST] /api/* = admin").needs(exampleMappings(), Set.of()));
        assertTrue(failure.getMessage().contains("'[POST] /api/* = admin' of rules"), failure.getMessage());
    }

    @Test
    void aStepUpRuleFailsNamingRulesRatherThanLoseItsStepUp() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> translation(PUBLIC_PATHS, "/admin/* = admin; acr=mfa; max-age=300")
                        .needs(exampleMappings(), Set.of()));
        assertTrue(failure.getMessage().contains("'/admin/* = admin; acr=mfa; max-age=300' of rules"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("@StepUp"), failure.getMessage());
    }

    @Test
    void permitAndDenyRulesAndAWiderRuleTranslate() {
        Map<String, Need> needs = translation("", "/auth/* = permit; /admin/audit = deny; /admin/* = admin ops")
                .needs(exampleMappings(), Set.of("login", "admin-audit", "admin-users"));
        assertEquals(Need.OPEN, needs.get("login"));
        assertEquals(Need.DENY, needs.get("admin-audit"));
        assertEquals(new Need(Need.Kind.ROLES, Set.of("admin", "ops")), needs.get("admin-users"));
    }

    @Test
    void pathsGoToServletsByTheServletSpecsOrder() {
        Map<String, List<String>> mappings = Map.of("exact", List.of("/a/b"), "short", List.of("/a/*"),
                "long", List.of("/a/b/*"), "ext", List.of("*.csv"), "root", List.of(""));
        assertEquals("exact", RuleTranslation.servletFor("/a/b", mappings));
        assertEquals("long", RuleTranslation.servletFor("/a/b/c", mappings));
        assertEquals("short", RuleTranslation.servletFor("/a", mappings));
        assertEquals("short", RuleTranslation.servletFor("/a/x.csv", mappings));
        assertEquals("ext", RuleTranslation.servletFor("/x/y.csv", mappings));
        assertEquals("root", RuleTranslation.servletFor("/", mappings));
        assertEquals(null, RuleTranslation.servletFor("/other", mappings));
    }
}
