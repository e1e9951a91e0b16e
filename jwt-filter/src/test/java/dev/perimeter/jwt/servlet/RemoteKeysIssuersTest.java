package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.RemoteKeysTest.assertUnavailable;
import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.security.KeyPair;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two issuers with key sets of their own, from two JWKS URLs or from two discovery documents:
 * each issuer's keys vouch for its tokens only. Discovery documents that name another issuer, or
 * a key set over plain http elsewhere, give no keys.
 */
class RemoteKeysIssuersTest {

    private static final String A = "https://a.issuer.test";
    private static final String B = "https://b.issuer.test";
    private static final String A1 = TestKeys.jwk(TestKeys.RSA.getPublic(), "a1", "RS256");
    private static final String B1 = TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "b1", "RS256");
    private static final Duration PAST_COOL_DOWN = Duration.ofSeconds(2);

    private final MutableClock clock = MutableClock.startingNow();
    private JwksServer provider;

    @BeforeEach
    void startProvider() throws Exception {
        provider = JwksServer.start();
    }

    @AfterEach
    void stopProvider() throws Exception {
        provider.close();
    }

    private JwtConfig.Builder config(String... issuers) {
        return JwtConfig.builder().issuer(issuers).audience(TestTokens.AUDIENCE)
                .set("jwks-min-refetch", "1").set("jwks-timeout", "1").set("jwks-refresh", "600")
                .allowHttpLoopbackKeys(true).clock(clock);
    }

    /** A token of alice from {@code issuer}, signed with {@code key}, naming {@code kid}. */
    private String token(String issuer, KeyPair key, String kid) {
        String claims = TestTokens.claims("alice", clock.instant(), "user")
                .replace("\"iss\":\"" + TestTokens.ISSUER + "\"", "\"iss\":\"" + issuer + "\"");
        return TestTokens.sign(TestTokens.header("RS256", kid), claims, "SHA256withRSA", key.getPrivate());
    }

    /** {@code /realms/<name>}'s discovery document, naming {@code issuer} and {@code jwksUri}. */
    private void discovery(String realm, String issuer, String jwksUri) {
        provider.serve("/realms/" + realm + "/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\","
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    @Test
    void twoJwksUrlsBoundToTheirIssuersEachVouchOnlyForTheirOwnTokens() throws Exception {
        provider.serve("/a/jwks", TestKeys.jwks(A1)).serve("/b/jwks", TestKeys.jwks(B1));
        try (Running filter = new Running(config(A, B)
                .jwks(A + " " + provider.url("/a/jwks") + ", " + B + " " + provider.url("/b/jwks"))
                .build())) {
            assertAdmitted(filter.get(token(A, TestKeys.RSA, "a1")), "alice");
            assertAdmitted(filter.get(token(B, TestKeys.RSA_OTHER, "b1")), "alice");

            clock.advance(PAST_COOL_DOWN);
            assertInvalidToken(filter.get(token(B, TestKeys.RSA, "a1")));
            assertInvalidToken(filter.get(token(A, TestKeys.RSA_OTHER, "b1")));
            assertEquals(2, filter.jetty.servletCalls());
        }
    }

    @Test
    void aKidThatBothIssuersUseIsLookedUpInTheTokenIssuersSetOnly() throws Exception {
        provider.serve("/a/jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256")))
                .serve("/b/jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k1", "RS256")));
        try (Running filter = new Running(config(A, B)
                .jwks(A + " " + provider.url("/a/jwks") + ", " + B + " " + provider.url("/b/jwks"))
                .build())) {
            assertAdmitted(filter.get(token(A, TestKeys.RSA, "k1")), "alice");
            assertAdmitted(filter.get(token(B, TestKeys.RSA_OTHER, "k1")), "alice");

            assertEquals("the token signature is invalid",
                    assertInvalidToken(filter.get(token(B, TestKeys.RSA, "k1"))));
            assertEquals("the token signature is invalid",
                    assertInvalidToken(filter.get(token(A, TestKeys.RSA_OTHER, "k1"))));
        }
    }

    @Test
    void twoIssuersFoundByDiscoveryEachVouchOnlyForTheirOwnTokens() throws Exception {
        String a = provider.url("/realms/a");
        String b = provider.url("/realms/b");
        discovery("a", a, a + "/certs");
        discovery("b", b, b + "/certs");
        provider.serve("/realms/a/certs", TestKeys.jwks(A1)).serve("/realms/b/certs", TestKeys.jwks(B1));
        try (Running filter = new Running(config(a, b).set("oidc-discovery", "true").build())) {
            assertAdmitted(filter.get(token(a, TestKeys.RSA, "a1")), "alice");
            assertAdmitted(filter.get(token(b, TestKeys.RSA_OTHER, "b1")), "alice");

            clock.advance(PAST_COOL_DOWN);
            assertInvalidToken(filter.get(token(b, TestKeys.RSA, "a1")));
            assertInvalidToken(filter.get(token(a, TestKeys.RSA_OTHER, "b1")));
            assertEquals(2, filter.jetty.servletCalls());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/realms/evil", "/realms/a/", "/REALMS/a"})
    void aDiscoveryDocumentNamingAnotherIssuerGivesNoKeys(String namedPath) throws Exception {
        String a = provider.url("/realms/a");
        discovery("a", provider.url(namedPath), a + "/certs");
        provider.serve("/realms/a/certs", TestKeys.jwks(A1));
        try (LogRecorder log = LogRecorder.named("dev.perimeter.jwt.keys.RemoteJwks");
                Running filter = new Running(config(a).set("oidc-discovery", "true").build())) {
            assertUnavailable(filter.get(token(a, TestKeys.RSA, "a1")));
            clock.advance(PAST_COOL_DOWN);
            assertUnavailable(filter.get(token(a, TestKeys.RSA, "a1")));

            assertTrue(provider.requests("/realms/a/.well-known/openid-configuration") >= 2);
            assertEquals(0, provider.requests("/realms/a/certs"));
            assertTrue(log.messages(Level.WARNING).get(0).contains("names another issuer"),
                    log.messages().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://192.0.2.10/realms/a/certs", "http://idp.example/realms/a/certs",
        "ftp://127.0.0.1/realms/a/certs"})
    void aDiscoveredJwksUriThatIsNotHttpsIsRefused(String jwksUri) throws Exception {
        String a = provider.url("/realms/a");
        discovery("a", a, jwksUri);
        try (LogRecorder log = LogRecorder.named("dev.perimeter.jwt.keys.RemoteJwks");
                Running filter = new Running(config(a).set("oidc-discovery", "true").build())) {
            long start = System.nanoTime();
            assertUnavailable(filter.get(token(a, TestKeys.RSA, "a1")));
            assertTrue(RemoteKeysTest.millisSince(start) < 900, "no connection was attempted");
            assertTrue(log.messages(Level.WARNING).get(0).contains("must use https"),
                    log.messages().toString());
        }
    }

    @Test
    void aJwksUrlAndDiscoveryOfTheSameKeysForOneIssuerStillFollowRotation() throws Exception {
        String a = provider.url("/realms/a");
        discovery("a", a, a + "/certs");
        provider.serve("/realms/a/certs", TestKeys.jwks(A1));
        try (Running filter = new Running(config(a).set("oidc-discovery", "true")
                .jwks(a + "/certs").build())) {
            assertAdmitted(filter.get(token(a, TestKeys.RSA, "a1")), "alice");

            provider.serve("/realms/a/certs", TestKeys.jwks(A1, B1));
            clock.advance(PAST_COOL_DOWN);
            assertAdmitted(filter.get(token(a, TestKeys.RSA_OTHER, "b1")), "alice");
            assertAdmitted(filter.get(token(a, TestKeys.RSA, "a1")), "alice");
        }
    }
}
