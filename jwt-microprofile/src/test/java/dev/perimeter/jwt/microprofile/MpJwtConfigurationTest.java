package dev.perimeter.jwt.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mp.jwt.* settings mapped onto Perimeter: each key form MicroProfile JWT names verifies a
 * real token through a started Perimeter, each setting has its effect, and each mistake fails
 * with a message naming the setting.
 */
class MpJwtConfigurationTest {

    private static final String ISSUER = TestTokens.ISSUER;

    @TempDir
    Path classes;

    private final Map<String, String> settings = new HashMap<>(Map.of(
            "mp.jwt.verify.issuer", ISSUER));

    private JwtConfig config() throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
        return new MpJwtConfiguration(new SettingsSource(List.of(settings::get)),
                new KeyLocations(loader, null)).builder(Map.of()).build();
    }

    private VerificationResult verify(String token) throws Exception {
        try (Perimeter perimeter = Perimeter.start(config())) {
            return perimeter.verifier().verify(token, "127.0.0.1");
        }
    }

    private static String rs256(KeyPair pair, String kid, String claims) {
        return TestTokens.sign(TestTokens.header("RS256", kid), claims, "SHA256withRSA", pair.getPrivate());
    }

    private static String claims() {
        return TestTokens.claims("jdoe", Instant.now(), "Echoer");
    }

    private static String rs256() {
        return rs256(TestKeys.RSA, null, claims());
    }

    private void file(String name, String content) throws Exception {
        Files.writeString(classes.resolve(name), content, StandardCharsets.UTF_8);
    }

    private ConfigException refused() {
        return assertThrows(ConfigException.class, this::config);
    }

    @Test
    void anInlinePemKeyVerifies() throws Exception {
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));
        assertTrue(verify(rs256()).isValid());
        assertEquals(Rejection.BAD_SIGNATURE, verify(rs256(TestKeys.RSA_OTHER, null, claims())).rejection());
    }

    @Test
    void anInlineJwkAJwkSetAndTheirBase64urlFormsVerify() throws Exception {
        String jwk = TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256");
        String set = TestKeys.jwks(jwk, TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "k2", "RS256"));
        for (String value : List.of(jwk, set, base64url(jwk), base64url(set))) {
            settings.put("mp.jwt.verify.publickey", value);
            assertTrue(verify(rs256(TestKeys.RSA, "k1", claims())).isValid(), value);
        }
        settings.put("mp.jwt.verify.publickey", set);
        assertTrue(verify(rs256(TestKeys.RSA_OTHER, "k2", claims())).isValid());
    }

    @Test
    void aLocationOnTheClassPathOrAFileVerifies() throws Exception {
        file("publicKey.pem", TestKeys.pem(TestKeys.RSA.getPublic()));
        file("keys.jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), null, null)));
        for (String location : List.of("/publicKey.pem", "publicKey.pem", "classpath:keys.jwks",
                classes.resolve("keys.jwks").toUri().toString())) {
            settings.put("mp.jwt.verify.publickey.location", location);
            assertTrue(verify(rs256()).isValid(), location);
        }
    }

    @Test
    void aKeySetAtALoopbackUrlIsFetched() throws Exception {
        try (JwksServer server = JwksServer.start()) {
            server.serve("/jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), "r1", "RS256")));
            settings.put("mp.jwt.verify.publickey.location", server.url("/jwks"));
            assertTrue(verify(rs256(TestKeys.RSA, "r1", claims())).isValid());
        }
    }

    @Test
    void aPemKeyAtALoopbackUrlIsFetched() throws Exception {
        try (JwksServer server = JwksServer.start()) {
            server.serve("/pem", TestKeys.pem(TestKeys.RSA.getPublic()));
            settings.put("mp.jwt.verify.publickey.location", server.url("/pem"));
            assertTrue(verify(rs256()).isValid());
            assertEquals(Rejection.BAD_SIGNATURE, verify(rs256(TestKeys.RSA_OTHER, null, claims())).rejection());
        }
    }

    @Test
    void aKeyThatAppearsAfterStartIsFetchedForTheFirstTokenThatNeedsIt() throws Exception {
        // The TCK's PublicKeyAsPEMLocationURLTest: the key is served by the application itself,
        // which cannot answer while it starts.
        for (String kid : new String[] {null, "publicKey4k"}) {
            try (JwksServer server = JwksServer.start()) {
                settings.put("mp.jwt.verify.publickey.location", server.url("/pem"));
                try (Perimeter perimeter = Perimeter.start(config())) {
                    server.serve("/pem", TestKeys.pem(TestKeys.RSA.getPublic()));
                    VerificationResult result = perimeter.verifier().verify(rs256(TestKeys.RSA, kid, claims()),
                            "127.0.0.1");
                    assertTrue(result.isValid(), kid + ": " + result.rejection());
                }
            }
        }
    }

    @Test
    void theAlgorithmSettingBindsTheKey() throws Exception {
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.EC_P256.getPublic()));
        settings.put("mp.jwt.verify.publickey.algorithm", "ES256");
        String es256 = TestTokens.sign(TestTokens.header("ES256", null), claims(),
                "SHA256withECDSAinP1363Format", TestKeys.EC_P256.getPrivate());
        assertTrue(verify(es256).isValid());
        assertFalse(verify(rs256()).isValid());
    }

    @Test
    void audiencesAreChecked() throws Exception {
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));
        settings.put("mp.jwt.verify.audiences", "other, " + TestTokens.AUDIENCE);
        assertTrue(verify(rs256()).isValid());
        settings.put("mp.jwt.verify.audiences", "other");
        assertEquals(Rejection.WRONG_AUDIENCE, verify(rs256()).rejection());
    }

    @Test
    void tokenAgeIsExactAndClockSkewAppliesToExpiry() throws Exception {
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));
        Instant tenSecondsAgo = Instant.now().minusSeconds(10);
        settings.put("mp.jwt.verify.token.age", "5");
        assertEquals(Rejection.TOO_OLD, verify(rs256(TestKeys.RSA, null,
                TestTokens.claims("jdoe", tenSecondsAgo))).rejection());
        settings.put("mp.jwt.verify.token.age", "20");
        assertTrue(verify(rs256(TestKeys.RSA, null, TestTokens.claims("jdoe", tenSecondsAgo))).isValid());
        settings.remove("mp.jwt.verify.token.age");
        // expired 100 s ago (claims() gives exp = iat + 300): outside 60 s of skew, inside 200 s
        String expired = rs256(TestKeys.RSA, null, TestTokens.claims("jdoe", Instant.now().minusSeconds(400)));
        assertEquals(Rejection.EXPIRED, verify(expired).rejection());
        settings.put("mp.jwt.verify.clock.skew", "200");
        assertTrue(verify(expired).isValid());
    }

    @Test
    void theCookieHeaderSettingReadsTheNamedCookie() throws Exception {
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));
        settings.put("mp.jwt.token.header", "Cookie");
        assertEquals("Bearer", config().cookie());
        assertEquals(null, config().header()); // the Authorization header is not read then
        settings.put("mp.jwt.token.cookie", "jwt");
        assertEquals("jwt", config().cookie());
        settings.put("mp.jwt.token.header", "Authorization");
        assertEquals(null, config().cookie());
        assertEquals("Authorization", config().header());
    }

    @Test
    void mistakesNameTheirSetting() throws Exception {
        settings.remove("mp.jwt.verify.issuer");
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));
        assertEquals("mp.jwt.verify.issuer", refused().parameter());
        settings.put("mp.jwt.verify.issuer", ISSUER);

        settings.put("mp.jwt.verify.publickey.location", "/publicKey.pem");
        assertEquals("mp.jwt.verify.publickey", refused().parameter());
        settings.remove("mp.jwt.verify.publickey");
        assertEquals("mp.jwt.verify.publickey.location", refused().parameter()); // no such file
        settings.remove("mp.jwt.verify.publickey.location");
        assertEquals("mp.jwt.verify.publickey.location", refused().parameter()); // no key at all

        settings.put("mp.jwt.verify.publickey", "not a key");
        assertEquals("mp.jwt.verify.publickey", refused().parameter());
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA_1024.getPublic()));
        ConfigException weak = refused();
        assertEquals("mp.jwt.verify.publickey", weak.parameter());
        assertTrue(weak.getMessage().contains("2048"), weak.getMessage());
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));

        for (String algorithm : List.of("HS256", "none", "RS1")) {
            settings.put("mp.jwt.verify.publickey.algorithm", algorithm);
            assertEquals("mp.jwt.verify.publickey.algorithm", refused().parameter(), algorithm);
        }
        settings.remove("mp.jwt.verify.publickey.algorithm");

        settings.put("mp.jwt.token.header", "X-Token");
        assertEquals("mp.jwt.token.header", refused().parameter());
        settings.remove("mp.jwt.token.header");
        settings.put("mp.jwt.verify.clock.skew", "a minute");
        assertEquals("mp.jwt.verify.clock.skew", refused().parameter());
        settings.remove("mp.jwt.verify.clock.skew");

        settings.remove("mp.jwt.verify.publickey");
        settings.put("mp.jwt.verify.publickey.location", "http://keys.example.com/jwks");
        ConfigException plainHttp = refused();
        assertEquals("mp.jwt.verify.publickey.location", plainHttp.parameter());
        assertTrue(plainHttp.getMessage().contains("https"), plainHttp.getMessage());
    }

    @Test
    void aPerimeterParameterThatASettingDecidesIsRefused() throws Exception {
        settings.put("mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()));
        ClassLoader loader = new URLClassLoader(new URL[0], null);
        MpJwtConfiguration mapping = new MpJwtConfiguration(new SettingsSource(List.of(settings::get)),
                new KeyLocations(loader, null));
        ConfigException both = assertThrows(ConfigException.class,
                () -> mapping.builder(Map.of("issuer", "https://else.test")));
        assertEquals("issuer", both.parameter());
        // one that no setting decides is Perimeter's as for the filter
        assertEquals("31", Long.toString(mapping.builder(Map.of("revocation-sync", "31")).build()
                .revocationSync().getSeconds()));
    }

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        Map<String, String> environment = Map.of("MP_JWT_VERIFY_ISSUER", "upper",
                "mp_jwt_verify_audiences", "lower");
        assertEquals("upper", SettingsSource.environmentValue(environment, "mp.jwt.verify.issuer"));
        assertEquals("lower", SettingsSource.environmentValue(environment, "mp.jwt.verify.audiences"));
        assertEquals(null, SettingsSource.environmentValue(environment, "mp.jwt.token.header"));
    }

    private static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
