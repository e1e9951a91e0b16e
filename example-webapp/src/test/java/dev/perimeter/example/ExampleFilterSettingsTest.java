package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.perimeter.example.keys.Jwk;
import dev.perimeter.example.keys.SigningAlgorithm;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter's own settings beside the application's: keys given in {@code perimeter.jwt.jwks}
 * are trusted in addition to the application's, and a value that would replace the application's
 * keys (a system property outranks everything the application can set) fails the start with the
 * value to use instead. DPoP is allowed with the issuer as its {@code dpop-url} unless the
 * operator says otherwise.
 */
@Tag("webapp")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExampleFilterSettingsTest {

    private static final KeyPair PARTNER = SigningAlgorithm.RS256.generate();

    @TempDir
    Path data;
    @TempDir
    Path keys;

    @Test
    void keysInAJwksContextParamAreTrustedBesideTheApplicationsOwn() throws Exception {
        Path partnerKeys = partnerKeySet();
        try (RunningExample app = RunningExample.start(data,
                Map.of("perimeter.jwt.jwks", "file:" + partnerKeys))) {
            assertEquals(200, app.get("/api/me", partnerToken()).statusCode());
            assertEquals(200, app.get("/api/me", app.login("alice", "alice-password").access())
                    .statusCode());
        }
    }

    @Test
    void aJwksSystemPropertyWithoutTheApplicationsKeysFailsTheStartNamingIt() throws Exception {
        String value = "file:" + partnerKeySet();
        System.setProperty("perimeter.jwt.jwks", value);
        try {
            Exception failure = assertThrows(Exception.class, () -> RunningExample.start(data).close());
            String message = messages(failure);
            assertTrue(message.contains("'perimeter.jwt.jwks'"), message);
            assertTrue(message.contains("use: \"http://localhost:8080=file:" + data.resolve("jwks.json")
                    + ", " + value + "\""), message);
        } finally {
            System.clearProperty("perimeter.jwt.jwks");
        }
    }

    @Test
    void anOperatorsCookieNameOtherThanTheOneTheExampleSetsFailsTheStartNamingIt() {
        Exception failure = assertThrows(Exception.class, () -> RunningExample.start(data,
                Map.of("perimeter.jwt.cookie", "session")).close());
        String message = messages(failure);
        assertTrue(message.contains("'perimeter.jwt.cookie'"), message);
        assertTrue(message.contains("'access_token'"), message);
    }

    @Test
    void dpopIsAllowedWithTheIssuerAsItsUrlByDefault() throws Exception {
        // With an issuer given, RunningExample leaves dpop-url to the example's default.
        try (RunningExample app = RunningExample.start(data, Map.of("issuer", "http://localhost:8080"))) {
            DpopProofs key = DpopProofs.newKey();
            HttpResponse<String> bound = ExampleDpopTest.login(app,
                    key.proof("POST", "http://localhost:8080/auth/login"));
            assertEquals(200, bound.statusCode(), bound.body());
            assertEquals("DPoP", RunningExample.json(bound).get("token_type").asText());
            String token = RunningExample.json(bound).get("access_token").asText();
            assertEquals(200, ExampleDpopTest.dpopGet(app, "/api/me", token,
                    key.proof("GET", "http://localhost:8080/api/me", token)).statusCode());

            // The address the request came to is not what a proof is compared with.
            HttpResponse<String> other = ExampleDpopTest.login(app,
                    key.proof("POST", app.uri("/auth/login").toString()));
            assertEquals(400, other.statusCode(), other.body());
            assertEquals("invalid_dpop_proof", RunningExample.json(other).get("error").asText());
        }
    }

    @Test
    void anOperatorsDpopUrlAndDpopOffWin() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        try (RunningExample app = RunningExample.start(data,
                Map.of(RunningExample.DPOP_URL, "https://api.example.com"))) {
            HttpResponse<String> bound = ExampleDpopTest.login(app,
                    key.proof("POST", "https://api.example.com/auth/login"));
            assertEquals(200, bound.statusCode(), bound.body());
            assertEquals("DPoP", RunningExample.json(bound).get("token_type").asText());
        }
        try (RunningExample app = RunningExample.start(data, Map.of("perimeter.jwt.dpop", "off"))) {
            // DPoP off: the header is not read, the tokens are bearer tokens, as token_type says.
            HttpResponse<String> unbound = ExampleDpopTest.login(app,
                    key.proof("POST", app.uri("/auth/login").toString()));
            assertEquals(200, unbound.statusCode(), unbound.body());
            assertEquals("Bearer", RunningExample.json(unbound).get("token_type").asText());
            String token = RunningExample.json(unbound).get("access_token").asText();
            assertTrue(JWT.decode(token).getClaim("cnf").isMissing());
            HttpResponse<String> none = app.get("/api/me", null);
            assertEquals("Bearer realm=\"perimeter-example\"",
                    none.headers().firstValue("WWW-Authenticate").orElse(null), "no DPoP offered");
        }
    }

    private Path partnerKeySet() throws Exception {
        Path file = keys.resolve("partner.json");
        if (!Files.exists(file)) {
            Files.writeString(file, RunningExample.JSON.writeValueAsString(Map.of("keys",
                    List.of(Jwk.of(PARTNER.getPublic(), "partner-1", SigningAlgorithm.RS256)))));
        }
        return file;
    }

    private static String partnerToken() {
        Instant now = Instant.now();
        return JWT.create().withKeyId("partner-1").withIssuer("http://localhost:8080")
                .withAudience("perimeter-example").withSubject("partner-service")
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(60)).withJWTId("partner-" + now)
                .sign(Algorithm.RSA256((RSAPublicKey) PARTNER.getPublic(),
                        (RSAPrivateKey) PARTNER.getPrivate()));
    }

    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(suppressed.getMessage()).append(" / ");
            }
        }
        return all.toString();
    }
}
