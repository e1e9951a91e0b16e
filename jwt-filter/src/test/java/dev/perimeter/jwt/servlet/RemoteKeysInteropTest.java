package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static dev.perimeter.jwt.servlet.Responses.assertError;
import static dev.perimeter.jwt.servlet.Responses.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interoperability: a Keycloak-shaped realm (discovery document, JWKS with a signing RSA key, a
 * signing EC key and an encryption key) whose keys and tokens are made by Nimbus JOSE+JWT, not by
 * Perimeter's code. Roles come from {@code realm_access.roles}, the principal from
 * {@code preferred_username}.
 */
class RemoteKeysInteropTest {

    /** The realm's signing keys, as Keycloak names them: a kid per key, the algorithm in the JWK. */
    enum Signing {
        RS256(JWSAlgorithm.RS256, TestKeys.RSA, "rsa-kid-Jq3x"),
        ES256(JWSAlgorithm.ES256, TestKeys.EC_P256, "ec-kid-8Hc2");

        final JWSAlgorithm algorithm;
        final KeyPair keyPair;
        final String kid;

        Signing(JWSAlgorithm algorithm, KeyPair keyPair, String kid) {
            this.algorithm = algorithm;
            this.keyPair = keyPair;
            this.kid = kid;
        }

        JWSSigner signer(PrivateKey key) throws JOSEException {
            return key instanceof ECPrivateKey ? new ECDSASigner((ECPrivateKey) key) : new RSASSASigner(key);
        }
    }

    private JwksServer provider;
    private String realm;

    @BeforeEach
    void startRealm() throws Exception {
        provider = JwksServer.start();
        realm = provider.url("/realms/demo");
        provider.serve("/realms/demo/.well-known/openid-configuration", discoveryDocument());
        provider.serve("/realms/demo/protocol/openid-connect/certs", jwks().toString());
    }

    @AfterEach
    void stopRealm() throws Exception {
        provider.close();
    }

    /** Keycloak's discovery document, abridged. */
    private String discoveryDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        String oidc = realm + "/protocol/openid-connect";
        document.put("issuer", realm);
        document.put("authorization_endpoint", oidc + "/auth");
        document.put("token_endpoint", oidc + "/token");
        document.put("introspection_endpoint", oidc + "/token/introspect");
        document.put("userinfo_endpoint", oidc + "/userinfo");
        document.put("end_session_endpoint", oidc + "/logout");
        document.put("jwks_uri", oidc + "/certs");
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token",
                "client_credentials"));
        document.put("response_types_supported", List.of("code", "id_token", "code id_token"));
        document.put("subject_types_supported", List.of("public", "pairwise"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256", "PS256"));
        document.put("scopes_supported", List.of("openid", "profile", "email", "roles"));
        document.put("claims_parameter_supported", true);
        return JSONObjectUtils.toJSONString(document);
    }

    /** The realm's keys as Nimbus writes them: two signing keys and one encryption key. */
    private static JWKSet jwks() {
        JWK rsa = new RSAKey.Builder((RSAPublicKey) TestKeys.RSA.getPublic())
                .keyID(Signing.RS256.kid).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build();
        JWK ec = new ECKey.Builder(Curve.P_256, (ECPublicKey) TestKeys.EC_P256.getPublic())
                .keyID(Signing.ES256.kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).build();
        JWK encryption = new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_OTHER.getPublic())
                .keyID("enc-kid-Zr7").algorithm(JWEAlgorithm.RSA_OAEP_256).keyUse(KeyUse.ENCRYPTION).build();
        return new JWKSet(List.of(rsa, ec, encryption));
    }

    private JwtConfig config() {
        return JwtConfig.builder().issuer(realm).audience("account").algorithms("RS256", "ES256")
                .set("oidc-discovery", "true")
                .set("roles-claim", "realm_access.roles").set("principal-claim", "preferred_username")
                .rules("/api/admin/* = admin")
                .set("jwks-timeout", "1").set("jwks-min-refetch", "1")
                .allowHttpLoopbackKeys(true).build();
    }

    /** An access token as Keycloak issues it, for {@code username} with realm {@code roles}. */
    private String keycloakToken(Signing signing, PrivateKey key, String kid, String username,
            String... roles) throws JOSEException {
        Instant now = Instant.now();
        List<String> realmRoles = new java.util.ArrayList<>(List.of("offline_access", "uma_authorization",
                "default-roles-demo"));
        realmRoles.addAll(List.of(roles));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plusSeconds(300)))
                .issueTime(Date.from(now))
                .claim("auth_time", now.getEpochSecond())
                .jwtID("onrtac:" + UUID.randomUUID())
                .issuer(realm)
                .audience("account")
                .subject(UUID.randomUUID().toString())
                .claim("typ", "Bearer")
                .claim("azp", "perimeter-app")
                .claim("sid", UUID.randomUUID().toString())
                .claim("acr", "1")
                .claim("allowed-origins", List.of("http://localhost:8080"))
                .claim("realm_access", Map.of("roles", realmRoles))
                .claim("resource_access", Map.of("account", Map.of("roles",
                        List.of("manage-account", "view-profile"))))
                .claim("scope", "openid profile email")
                .claim("email_verified", true)
                .claim("name", username + " Example")
                .claim("preferred_username", username)
                .claim("given_name", username)
                .claim("family_name", "Example")
                .claim("email", username + "@example.org")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(signing.algorithm).type(JOSEObjectType.JWT)
                .keyID(kid).build(), claims);
        jwt.sign(signing.signer(key));
        return jwt.serialize();
    }

    private String keycloakToken(Signing signing, String username, String... roles) throws JOSEException {
        return keycloakToken(signing, signing.keyPair.getPrivate(), signing.kid, username, roles);
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void aKeycloakUserIsKnownByPreferredUsernameWithRealmRoles(Signing signing) throws Exception {
        try (Running filter = new Running(config())) {
            HttpResponse<String> me = filter.get(keycloakToken(signing, "alice", "user"));

            Map<String, Object> echo = assertAdmitted(me, "alice");
            assertEquals(true, echo.get("user-role"), me.body());
            assertEquals(false, echo.get("admin"), me.body());
            assertEquals(signing.name(), echo.get("alg"), me.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Signing.class)
    void aRealmRoleGuardsAnAccessRule(Signing signing) throws Exception {
        try (Running filter = new Running(config())) {
            HttpResponse<String> alice = filter.jetty.getWithBearer("/api/admin/ping",
                    keycloakToken(signing, "alice", "user"));
            assertError(alice, 403, "insufficient_scope");
            assertEquals("Bearer error=\"insufficient_scope\", error_description=\"the token lacks the"
                    + " role this resource requires\", scope=\"admin\"", Responses.challenge(alice));

            HttpResponse<String> admin = filter.jetty.getWithBearer("/api/admin/ping",
                    keycloakToken(signing, "admin", "user", "admin"));
            assertEquals(true, assertAdmitted(admin, "admin").get("admin"), admin.body());
        }
    }

    @Test
    void aNimbusTokenSignedWithAKeyTheRealmDoesNotPublishIsRejected() throws Exception {
        try (Running filter = new Running(config())) {
            String forged = keycloakToken(Signing.RS256, TestKeys.RSA_OTHER.getPrivate(), Signing.RS256.kid,
                    "alice", "admin");
            assertEquals("the token signature is invalid", assertInvalidToken(filter.get(forged)));

            String encryptionKid = keycloakToken(Signing.RS256, TestKeys.RSA_OTHER.getPrivate(),
                    "enc-kid-Zr7", "alice", "admin");
            assertEquals("no key is known for the token", assertInvalidToken(filter.get(encryptionKid)));
            assertEquals(0, filter.jetty.servletCalls());
        }
    }

    @Test
    void theSameRealmKeysWorkFromTheJwksUrlWithoutDiscovery() throws Exception {
        JwtConfig config = JwtConfig.builder().issuer(realm).audience("account").algorithms("RS256", "ES256")
                .jwks(realm + "/protocol/openid-connect/certs")
                .set("roles-claim", "realm_access.roles").set("principal-claim", "preferred_username")
                .allowHttpLoopbackKeys(true).build();
        try (Running filter = new Running(config)) {
            assertAdmitted(filter.get(keycloakToken(Signing.RS256, "alice", "user")), "alice");
            assertAdmitted(filter.get(keycloakToken(Signing.ES256, "bob", "user")), "bob");
            assertEquals(0, provider.requests("/realms/demo/.well-known/openid-configuration"));
        }
    }

    @Test
    void aNimbusTokenFromAnotherIssuerIsRejectedBeforeAnyKeyLookup() throws Exception {
        try (Running filter = new Running(config())) {
            int fetches = provider.requests();
            String token = keycloakToken(Signing.RS256, "alice", "user");
            String otherRealm = TestTokens.signingInput(
                    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + Signing.RS256.kid + "\"}",
                    "{\"iss\":\"" + provider.url("/realms/other") + "\",\"sub\":\"x\",\"aud\":\"account\","
                            + "\"exp\":" + (Instant.now().getEpochSecond() + 300)
                            + ",\"preferred_username\":\"alice\"}");
            String signed = TestTokens.signOver(otherRealm, "SHA256withRSA", TestKeys.RSA.getPrivate());

            assertAdmitted(filter.get(token), "alice");
            assertEquals("the token issuer is not accepted", assertInvalidToken(filter.get(signed)));
            assertEquals(fetches, provider.requests());
        }
    }
}
