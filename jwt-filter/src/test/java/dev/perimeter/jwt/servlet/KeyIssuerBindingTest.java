package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys bound to their issuer: an application's own key set next to an identity provider's, as
 * the example application runs with Keycloak. A key given for one issuer never vouches for a
 * token claiming another; with several issuers a key bound to none fails the start; discovery
 * runs only for the issuers whose keys are not given; plain http only to loopback hosts, and only
 * when {@code jwks-allow-http-loopback} says so.
 */
class KeyIssuerBindingTest {

    private static final String APP = "http://localhost:8080";
    private static final String APP_KID = "app-1";
    private static final String IDP_KID = "idp-1";

    @TempDir
    Path directory;
    private JwksServer provider;
    private String idp;
    private String appJwks;

    @BeforeEach
    void start() throws Exception {
        provider = JwksServer.start();
        idp = provider.url("/realms/shop");
        provider.serve("/realms/shop/.well-known/openid-configuration",
                "{\"issuer\":\"" + idp + "\",\"jwks_uri\":\"" + idp + "/certs\"}");
        provider.serve("/realms/shop/certs",
                TestKeys.jwks(TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), IDP_KID, "RS256")));
        Path file = directory.resolve("app-jwks.json");
        Files.writeString(file, TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), APP_KID, "RS256")));
        appJwks = "file:" + file;
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
    }

    private JwtConfig.Builder twoIssuers() {
        return JwtConfig.builder().issuer(APP, idp).audience(TestTokens.AUDIENCE)
                .set("jwks-allow-http-loopback", "true").set("jwks-timeout", "2");
    }

    /** A token of {@code subject} claiming {@code issuer} with {@code groups}, signed by {@code key}. */
    private static String token(String issuer, KeyPair key, String kid, String subject, String... groups) {
        String claims = TestTokens.claims(subject, Instant.now(), groups)
                .replace("\"iss\":\"" + TestTokens.ISSUER + "\"", "\"iss\":\"" + issuer + "\"");
        return TestTokens.sign(TestTokens.header("RS256", kid), claims, "SHA256withRSA", key.getPrivate());
    }

    private static ConfigException failsNaming(String parameter, JwtConfig.Builder builder) {
        ConfigException e = assertThrows(ConfigException.class, () -> Perimeter.start(builder.build()).close());
        assertEquals(parameter, e.parameter(), e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "jwks entry form: {0}")
    @ValueSource(strings = {"=", " "})
    void theApplicationsKeysBoundToItsIssuerNeverVouchForTheIdentityProvidersTokens(String separator)
            throws Exception {
        try (Running filter = new Running(twoIssuers().jwks(APP + separator + appJwks)
                .set("oidc-discovery", "true").build())) {
            assertAdmitted(filter.get(token(APP, TestKeys.RSA, APP_KID, "alice", "user")), "alice");
            assertAdmitted(filter.get(token(idp, TestKeys.RSA_OTHER, IDP_KID, "kc-user", "user")), "kc-user");

            // Signed with the application's key, claiming the provider's issuer, a provider
            // user's sub and the admin group: refused.
            assertEquals("no key is known for the token", assertInvalidToken(
                    filter.get(token(idp, TestKeys.RSA, APP_KID, "kc-user", "admin"))));
            // And the provider's key never vouches for the application's tokens.
            assertEquals("no key is known for the token", assertInvalidToken(
                    filter.get(token(APP, TestKeys.RSA_OTHER, IDP_KID, "alice", "admin"))));
            assertEquals(2, filter.jetty.servletCalls());
        }
    }

    @Test
    void anIssuerWithGivenKeysIsNeverDiscoveredEvenWithDiscoveryTrue() throws Exception {
        // The application's issuer is served by the same provider here, so a discovery request
        // for it would be seen.
        String app = provider.url("/app");
        provider.serve("/app/.well-known/openid-configuration",
                "{\"issuer\":\"" + app + "\",\"jwks_uri\":\"" + app + "/jwks\"}");
        try (Running filter = new Running(JwtConfig.builder().issuer(app, idp)
                .audience(TestTokens.AUDIENCE).set("jwks-allow-http-loopback", "true")
                .jwks(app + "=" + appJwks).set("oidc-discovery", "true").build())) {
            assertAdmitted(filter.get(token(app, TestKeys.RSA, APP_KID, "alice", "user")), "alice");
            assertAdmitted(filter.get(token(idp, TestKeys.RSA_OTHER, IDP_KID, "kc-user", "user")), "kc-user");
            assertEquals(0, provider.requests("/app/.well-known/openid-configuration"));
            assertEquals(1, provider.requests("/realms/shop/.well-known/openid-configuration"));
            assertTrue(filter.perimeter().keySource().isAvailable(app));
            assertTrue(filter.perimeter().keySource().isAvailable(idp));
            assertTrue(filter.perimeter().summary().contains("oidc-discovery=[" + idp + "]"),
                    filter.perimeter().summary());
        }
    }

    @Test
    void discoveryMayNameItsIssuersAndNamingOneWithGivenKeysFails() throws Exception {
        try (Running filter = new Running(twoIssuers().jwks(APP + "=" + appJwks)
                .set("oidc-discovery", idp).build())) {
            assertAdmitted(filter.get(token(idp, TestKeys.RSA_OTHER, IDP_KID, "kc-user", "user")), "kc-user");
        }
        failsNaming("oidc-discovery", twoIssuers().jwks(APP + "=" + appJwks)
                .set("oidc-discovery", APP + "," + idp));
        failsNaming("oidc-discovery", twoIssuers().jwks(APP + "=" + appJwks)
                .set("oidc-discovery", "https://other.test"));
    }

    @Test
    void withSeveralIssuersKeysBoundToNoneFailTheStartNamingTheParameter() {
        String pem = TestKeys.pem(TestKeys.RSA.getPublic());
        ConfigException publicKey = failsNaming("keys-issuer", twoIssuers().publicKey(pem)
                .set("oidc-discovery", "true"));
        assertTrue(publicKey.getMessage().contains("'public-key'"), publicKey.getMessage());
        failsNaming("keys-issuer", twoIssuers().secret(TestKeys.SECRET_256).algorithms("HS256")
                .set("oidc-discovery", "true"));
        ConfigException local = failsNaming("jwks", twoIssuers().jwks(appJwks));
        assertTrue(local.getMessage().contains("<issuer>=" + appJwks), local.getMessage());
        failsNaming("jwks", twoIssuers().jwks(appJwks + ", " + idp + "=" + idp + "/certs"));
        failsNaming("jwks", twoIssuers().jwks(idp + "/certs").set("keys-issuer", "*"));
        failsNaming("jwks", twoIssuers().jwks("https://elsewhere.test=" + appJwks));
        failsNaming("keys-issuer", twoIssuers().jwks(appJwks).set("keys-issuer", "https://elsewhere.test"));
    }

    @Test
    void keysIssuerBindsKeysThatNameNoIssuer() throws Exception {
        try (Running filter = new Running(twoIssuers().publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("keys-issuer", APP).set("oidc-discovery", "true").build())) {
            assertAdmitted(filter.get(token(APP, TestKeys.RSA, null, "alice", "user")), "alice");
            assertInvalidToken(filter.get(token(idp, TestKeys.RSA, null, "kc-user", "admin")));
            assertEquals(0, provider.requests("/app/.well-known/openid-configuration"));
        }
    }

    @Test
    void keysIssuerStarLetsKeysVouchForEveryIssuerOnlyWhenAskedFor() throws Exception {
        try (Running filter = new Running(twoIssuers().jwks(appJwks).set("keys-issuer", "*").build())) {
            assertAdmitted(filter.get(token(APP, TestKeys.RSA, APP_KID, "alice", "user")), "alice");
            assertAdmitted(filter.get(token(idp, TestKeys.RSA, APP_KID, "kc-user", "user")), "kc-user");
            assertTrue(filter.perimeter().summary().contains("keys-issuer=*"), filter.perimeter().summary());
        }
    }

    @Test
    void plainHttpKeysAreRefusedUnlessAllowedForLoopbackHostsAndThenWarned() throws Exception {
        String url = idp + "/certs";
        ConfigException refused = failsNaming("jwks", JwtConfig.builder().issuer(idp)
                .audience(TestTokens.AUDIENCE).jwks(url));
        assertTrue(refused.getMessage().contains("jwks-allow-http-loopback"), refused.getMessage());
        ConfigException discovery = failsNaming("oidc-discovery", JwtConfig.builder().issuer(idp)
                .audience(TestTokens.AUDIENCE).set("oidc-discovery", "true"));
        assertTrue(discovery.getMessage().contains(idp), discovery.getMessage());

        try (LogRecorder log = LogRecorder.named("dev.perimeter.jwt.config.JwtConfig");
                Running filter = new Running(JwtConfig.builder().issuer(idp).audience(TestTokens.AUDIENCE)
                        .jwks(url).set("jwks-allow-http-loopback", "true").build())) {
            assertAdmitted(filter.get(token(idp, TestKeys.RSA_OTHER, IDP_KID, "kc-user", "user")), "kc-user");
            assertTrue(log.messages(Level.WARNING).stream()
                    .anyMatch(m -> m.contains("'jwks-allow-http-loopback' is true")), log.messages().toString());
        }
        for (String elsewhere : new String[] {"http://192.0.2.1/certs", "http://idp.example/certs"}) {
            ConfigException e = failsNaming("jwks", JwtConfig.builder().issuer(idp)
                    .audience(TestTokens.AUDIENCE).jwks(elsewhere).set("jwks-allow-http-loopback", "true"));
            assertTrue(e.getMessage().contains("must use https"), e.getMessage());
        }
    }
}
