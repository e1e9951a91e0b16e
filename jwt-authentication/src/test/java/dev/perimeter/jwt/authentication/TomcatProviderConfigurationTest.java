package dev.perimeter.jwt.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.security.auth.message.config.AuthConfigFactory;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.authenticator.jaspic.SimpleAuthConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's static alternative: a {@code conf/jaspic-providers.xml} provider entry is a {@link
 * SimpleAuthConfigProvider} with the module's class name and the provider's properties, which
 * Tomcat registers for one application. Registered here in code the way Tomcat registers that
 * entry; the module, built without a Perimeter, starts one from the {@code perimeter.jwt.*}
 * properties and ignores Tomcat's own.
 */
class TomcatProviderConfigurationTest {

    @Test
    void aProviderEntryWithTheModuleClassAuthenticates() throws Exception {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        Map<String, Object> properties = Map.of(
                "org.apache.catalina.authenticator.jaspic.ServerAuthModule.1",
                PerimeterAuthModule.class.getName(),
                "perimeter.jwt.issuer", TestTokens.ISSUER,
                "perimeter.jwt.audience", TestTokens.AUDIENCE,
                "perimeter.jwt.public-key", TestKeys.pem(TestKeys.RSA.getPublic()));
        String registration = factory.registerConfigProvider(
                // No factory: given one, the provider registers itself for every application.
                new SimpleAuthConfigProvider(properties, null), "HttpServlet",
                "Tomcat/localhost /static", "Perimeter");
        try (TomcatHarness tomcat = new TomcatHarness()) {
            Context app = tomcat.newContext("/static", Map.of());
            TomcatHarness.constrain(app);
            tomcat.start(app);
            assertEquals(LifecycleState.STARTED, app.getState());

            HttpResponse<String> refused = tomcat.get("/static/api/me");
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals(BearerChallenge.noToken(null).body(), refused.body());
            assertEquals(200, tomcat.get("/static/open/page").statusCode());
            String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("alice", Instant.now(), "user"));
            HttpResponse<String> admitted = tomcat.getWithBearer("/static/api/me", token);
            assertEquals(200, admitted.statusCode(), admitted.body());
            assertTrue(admitted.body().startsWith("user=alice remote=alice type=BEARER"), admitted.body());
            assertEquals(403, tomcat.getWithBearer("/static/admin/panel", token).statusCode());
        } finally {
            factory.removeRegistration(registration);
        }
    }
}
