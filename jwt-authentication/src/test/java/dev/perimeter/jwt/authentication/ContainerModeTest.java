package dev.perimeter.jwt.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContainerInitializer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container mode on a real container: embedded Tomcat 10.1 calls {@link PerimeterAuthModule},
 * registered by {@link ContainerAuthentication} through the context-param switch, and
 * authorizes by its own constraints. Refusals are compared with what the servlet filter answers
 * for the same tokens in an application beside it.
 */
class ContainerModeTest {

    private static final Map<String, String> PARAMETERS = Map.of(
            "issuer", TestTokens.ISSUER,
            "audience", TestTokens.AUDIENCE,
            "public-key", TestKeys.pem(TestKeys.RSA.getPublic()));

    private static TomcatHarness tomcat;
    private static Context sam;

    @BeforeAll
    static void deploy() throws Exception {
        tomcat = new TomcatHarness();
        sam = tomcat.containerApp("/sam", PARAMETERS);
        tomcat.filterApp("/filter", PARAMETERS);
        assertEquals(LifecycleState.STARTED, sam.getState());
    }

    @AfterAll
    static void undeploy() throws Exception {
        tomcat.close();
        assertNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet",
                "Tomcat/localhost /sam", null), "stopping the server removed the registration");
    }

    private static String token(String subject, String... roles) {
        return token(TestTokens.claims(subject, Instant.now(), roles));
    }

    private static String token(String claims) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"), claims);
    }

    private static Perimeter published(Context context) {
        return (Perimeter) context.getServletContext().getAttribute(JwtFilter.CONTAINER_PERIMETER_ATTRIBUTE);
    }

    private static String appContext(String path) {
        return "Tomcat/localhost " + path;
    }

    private static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual) {
        assertEquals(expected.statusCode(), actual.statusCode(), actual.body());
        assertEquals(expected.body(), actual.body());
        for (String header : List.of("WWW-Authenticate", "Content-Type", "Cache-Control",
                "Retry-After", "X-Content-Type-Options")) {
            assertEquals(expected.headers().firstValue(header), actual.headers().firstValue(header),
                    header);
        }
    }

    @Test
    void theMetaInfServicesEntryNamesTheInitializer() {
        assertTrue(ServiceLoader.load(ServletContainerInitializer.class).stream()
                .anyMatch(provider -> provider.type() == ContainerAuthentication.class));
    }

    @Test
    void anOpenPathWithoutATokenGoesOnAnonymous() throws Exception {
        HttpResponse<String> response = tomcat.get("/sam/open/page");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("user=null remote=null type=null admin=false"),
                response.body());
    }

    @Test
    void aConstrainedPathWithoutATokenGetsOur401() throws Exception {
        HttpResponse<String> response = tomcat.get("/sam/api/me");
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(BearerChallenge.noToken(null).body(), response.body());
        assertSameAnswer(tomcat.get("/filter/api/me"), response);
    }

    @Test
    void aValidTokenIsTheContainersCaller() throws Exception {
        HttpResponse<String> response = tomcat.getWithBearer("/sam/api/me", token("alice", "user"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("user=alice remote=alice type=BEARER admin=false role-user=true"
                + " principal=JwtPrincipal jwt=true", response.body());
        HttpResponse<String> open = tomcat.getWithBearer("/sam/open/page", token("alice", "user"));
        assertTrue(open.body().startsWith("user=alice remote=alice type=BEARER"),
                "authenticated on every resource: " + open.body());
    }

    @Test
    void aRoleMissingUnderAConstraintIs403InsufficientScope() throws Exception {
        for (String path : List.of("/sam/admin/panel", "/sam/reports/q1")) {
            HttpResponse<String> refused = tomcat.getWithBearer(path, token("alice", "user"));
            assertEquals(403, refused.statusCode(), path + ": " + refused.body());
            BearerChallenge expected = BearerChallenge.insufficientScope(null, null);
            assertEquals(expected.challenge(),
                    refused.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertTrue(expected.challenge().startsWith("Bearer error=\"insufficient_scope\""));
            assertEquals(expected.body(), refused.body());
            assertTrue(BearerChallenge.CONTENT_TYPE.equalsIgnoreCase(
                    refused.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")));

            HttpResponse<String> admitted = tomcat.getWithBearer(path, token("root", "user", "admin"));
            assertEquals(200, admitted.statusCode(), path + ": " + admitted.body());
            assertTrue(admitted.body().contains("user=root") && admitted.body().contains("admin=true"),
                    admitted.body());
        }
    }

    @Test
    void theRefusalOfAMissingRoleIsCountedAndAudited() throws Exception {
        long before = published(sam).metrics().requests(RequestOutcome.INSUFFICIENT_SCOPE);
        tomcat.getWithBearer("/sam/admin/panel", token("carol", "user"));
        assertEquals(before + 1, published(sam).metrics().requests(RequestOutcome.INSUFFICIENT_SCOPE));
        dev.perimeter.jwt.testing.Eventually.within(java.time.Duration.ofSeconds(5),
                "the refusal is audited with the refused path",
                () -> published(sam).audit().recent(50).stream().anyMatch(event ->
                        event.toString().contains("carol") && event.toString().contains("/sam/admin/panel")));
    }

    @Test
    void invalidTokensGetTheFiltersAnswersOnEveryPath() throws Exception {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        Map<String, String> tokens = new HashMap<>();
        tokens.put("expired", token(TestTokens.claims("alice", hourAgo, "user")));
        tokens.put("forged", TestTokens.sign(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), "admin"), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate()));
        tokens.put("malformed", "not-a-jwt");
        for (Map.Entry<String, String> bad : tokens.entrySet()) {
            for (String path : List.of("/api/me", "/open/page", "/admin/panel")) {
                HttpResponse<String> answer = tomcat.getWithBearer("/sam" + path, bad.getValue());
                assertEquals(401, answer.statusCode(), bad.getKey() + " " + path + ": " + answer.body());
                assertTrue(answer.headers().firstValue("WWW-Authenticate").orElseThrow()
                        .startsWith("Bearer error=\"invalid_token\""), bad.getKey());
                assertSameAnswer(tomcat.getWithBearer("/filter" + path, bad.getValue()), answer);
            }
        }
        String token = token("alice", "user");
        HttpResponse<String> twoTokens = tomcat.get("/sam/open/page",
                "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);
        assertEquals(400, twoTokens.statusCode(), twoTokens.body());
        assertSameAnswer(tomcat.get("/filter/open/page",
                "Authorization", "Bearer " + token, "Authorization", "Bearer " + token), twoTokens);
    }

    @Test
    void aRefusedCookieTokenIsSetAsideWhereNoCallerIsNeededAndRefusedWhereOneIs() throws Exception {
        Map<String, String> withCookie = new HashMap<>(PARAMETERS);
        withCookie.put("cookie", "access_token");
        Context app = tomcat.containerApp("/cookie", withCookie);
        try {
            String expired = "access_token=" + token(TestTokens.claims("alice",
                    Instant.now().minusSeconds(3600), "user"));
            HttpResponse<String> open = tomcat.get("/cookie/open/page", "Cookie", expired);
            assertEquals(200, open.statusCode(), open.body());
            assertTrue(open.body().startsWith("user=null remote=null type=null"), open.body());
            HttpResponse<String> constrained = tomcat.get("/cookie/api/me", "Cookie", expired);
            assertEquals(401, constrained.statusCode(), constrained.body());
            assertTrue(constrained.headers().firstValue("WWW-Authenticate").orElseThrow()
                    .contains("the token has expired"), constrained.headers().map().toString());

            String valid = "access_token=" + token("alice", "user");
            assertTrue(tomcat.get("/cookie/open/page", "Cookie", valid).body().startsWith("user=alice"),
                    "a valid cookie token is the caller on every resource");
            // Without CSRF proof the cookie may not act: set aside where nobody is needed, 403 where
            // a caller is.
            HttpResponse<String> post = tomcat.send("POST", "/cookie/open/page", "Cookie", valid);
            assertEquals(200, post.statusCode(), post.body());
            assertTrue(post.body().startsWith("user=null"), post.body());
            HttpResponse<String> constrainedPost = tomcat.send("POST", "/cookie/api/me", "Cookie", valid);
            assertEquals(403, constrainedPost.statusCode(), constrainedPost.body());
            assertEquals(BearerChallenge.csrfRejected().body(), constrainedPost.body());

            HttpResponse<String> header = tomcat.getWithBearer("/cookie/open/page",
                    expired.substring("access_token=".length()));
            assertEquals(401, header.statusCode(), "a token in the header is refused everywhere");
        } finally {
            tomcat.undeploy(app);
        }
    }

    @Test
    void aTokenRevokedThroughThePublishedPerimeterIsRefused() throws Exception {
        String claims = TestTokens.claims("dave", Instant.now(), "user");
        String token = token(claims);
        assertEquals(200, tomcat.getWithBearer("/sam/api/me", token).statusCode());
        published(sam).revocationStore().revokeToken(TestTokens.jti(claims),
                Instant.now().plusSeconds(300));
        HttpResponse<String> refused = tomcat.getWithBearer("/sam/api/me", token);
        assertEquals(401, refused.statusCode());
        assertEquals(BearerChallenge.rejected(null, dev.perimeter.jwt.Rejection.REVOKED,
                dev.perimeter.jwt.Rejection.REVOKED.description()).body(), refused.body());
    }

    @Test
    void aPreflightPassesUnauthenticated() throws Exception {
        HttpResponse<String> open = tomcat.send("OPTIONS", "/sam/open/page",
                "Origin", "https://app.example", "Access-Control-Request-Method", "DELETE");
        assertEquals(200, open.statusCode(), open.body());
        // On a constrained URL the container refuses it (document: omit OPTIONS from constraints).
        HttpResponse<String> constrained = tomcat.send("OPTIONS", "/sam/api/me",
                "Origin", "https://app.example", "Access-Control-Request-Method", "DELETE");
        assertEquals(403, constrained.statusCode(), constrained.body());
        assertEquals(BearerChallenge.denied().body(), constrained.body());
    }

    @Test
    void unavailableRevocationStateIs503WithRetryAfter() throws Exception {
        Map<String, String> parameters = new HashMap<>(PARAMETERS);
        // Nothing listens on port 1: the store can never synchronize.
        parameters.put("revocation", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=x");
        parameters.put("revocation-sync", "1");
        Context app = tomcat.containerApp("/unavailable", parameters);
        try {
            HttpResponse<String> refused = tomcat.getWithBearer("/unavailable/api/me", token("alice", "user"));
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals(String.valueOf(BearerChallenge.RETRY_AFTER_SECONDS),
                    refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(refused.body().contains("revocation state is not available"), refused.body());
            assertFalse(refused.headers().firstValue("WWW-Authenticate").isPresent());
            assertEquals(200, tomcat.get("/unavailable/open/page").statusCode());
        } finally {
            tomcat.undeploy(app);
        }
    }

    @Test
    void aBadConfigurationFailsTheStartNamingTheParameter() throws Exception {
        Map<String, String> parameters = new HashMap<>(PARAMETERS);
        parameters.put("leeway", "soon");
        try (LogRecorder log = LogRecorder.of(ContainerAuthentication.class)) {
            Context app = tomcat.containerApp("/bad", parameters);
            assertNotSame(LifecycleState.STARTED, app.getState());
            assertTrue(log.messages(Level.SEVERE).stream().anyMatch(m -> m.contains("'leeway'")),
                    log.messages().toString());
            assertNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet",
                    appContext("/bad"), null));
            tomcat.undeploy(app);
        }
        Map<String, String> unknown = new HashMap<>(PARAMETERS);
        unknown.put("leway", "10");
        try (LogRecorder log = LogRecorder.of(ContainerAuthentication.class)) {
            Context app = tomcat.containerApp("/typo", unknown);
            assertNotSame(LifecycleState.STARTED, app.getState());
            assertTrue(log.messages(Level.SEVERE).stream().anyMatch(m -> m.contains("perimeter.jwt.leway")),
                    log.messages().toString());
            tomcat.undeploy(app);
        }
        try (LogRecorder log = LogRecorder.of(ContainerAuthentication.class)) {
            Context app = tomcat.newContext("/mode", PARAMETERS);
            app.addParameter("perimeter.jwt.authentication", "jaspic");
            app.addServletContainerInitializer(new ContainerAuthentication(), null);
            tomcat.start(app);
            assertNotSame(LifecycleState.STARTED, app.getState());
            assertTrue(log.messages(Level.SEVERE).stream().anyMatch(m -> m.contains("'authentication'")),
                    log.messages().toString());
            tomcat.undeploy(app);
        }
    }

    @Test
    void undeployRemovesTheRegistrationAndARedeployWorks() throws Exception {
        Context first = tomcat.containerApp("/again", PARAMETERS);
        assertNotNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet", appContext("/again"), null));
        Perimeter firstPerimeter = published(first);
        assertNotNull(firstPerimeter);
        tomcat.undeploy(first);
        assertNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet", appContext("/again"), null),
                "no stale module");
        assertNull(first.getServletContext().getAttribute(JwtFilter.CONTAINER_PERIMETER_ATTRIBUTE));

        Context second = tomcat.containerApp("/again", PARAMETERS);
        try {
            assertEquals(LifecycleState.STARTED, second.getState());
            assertNotSame(firstPerimeter, published(second));
            assertEquals(401, tomcat.get("/again/api/me").statusCode());
            HttpResponse<String> admitted = tomcat.getWithBearer("/again/api/me", token("erin", "user"));
            assertEquals(200, admitted.statusCode(), admitted.body());
            assertEquals(1, published(second).metrics().requests(RequestOutcome.ADMITTED),
                    "the new module, on the new Perimeter, answered");
        } finally {
            tomcat.undeploy(second);
        }
    }

    @Test
    void withoutTheSwitchTheInitializerDoesNothing() throws Exception {
        Context app = tomcat.newContext("/plain", PARAMETERS);
        app.addServletContainerInitializer(new ContainerAuthentication(), null);
        tomcat.start(app);
        try {
            assertEquals(LifecycleState.STARTED, app.getState());
            assertNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet", appContext("/plain"), null));
            assertNull(app.getServletContext().getAttribute(JwtFilter.CONTAINER_PERIMETER_ATTRIBUTE));
        } finally {
            tomcat.undeploy(app);
        }
    }

    @Test
    void aDeclaredFilterStepsAsideInContainerMode() throws Exception {
        try (LogRecorder log = LogRecorder.of(JwtFilter.class)) {
            Context app = tomcat.newContext("/both", PARAMETERS);
            app.addParameter("perimeter.jwt.authentication", "container");
            app.addServletContainerInitializer(new ContainerAuthentication(), null);
            TomcatHarness.constrain(app);
            TomcatHarness.addFilter(app, Map.of());
            tomcat.start(app);
            try {
                assertEquals(LifecycleState.STARTED, app.getState());
                assertTrue(log.messages(Level.INFO).stream().anyMatch(m -> m.contains("steps aside")),
                        log.messages().toString());
                HttpResponse<String> admitted = tomcat.getWithBearer("/both/api/me", token("alice", "user"));
                assertEquals(200, admitted.statusCode(), admitted.body());
                assertTrue(admitted.body().contains("type=BEARER"), admitted.body());
                Perimeter perimeter = published(app);
                assertEquals(1, perimeter.metrics().requests(RequestOutcome.ADMITTED),
                        "one verification, by the module");
                assertEquals(401, tomcat.getWithBearer("/both/open/page", "not-a-jwt").statusCode());
            } finally {
                tomcat.undeploy(app);
            }
        }
    }

    @Test
    void aFilterAskedForContainerModeWithoutTheModuleFailsNamingTheParameter() throws Exception {
        Map<String, String> initParameters = new HashMap<>(PARAMETERS);
        initParameters.put("authentication", "container");
        try (LogRecorder log = LogRecorder.of(JwtFilter.class)) {
            Context app = tomcat.filterApp("/lonely", initParameters);
            assertNotSame(LifecycleState.STARTED, app.getState());
            assertTrue(log.messages(Level.SEVERE).stream().anyMatch(m -> m.contains("'authentication'")),
                    log.messages().toString());
            tomcat.undeploy(app);
        }
    }
}
