package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.perimeter.example.keys.Jwk;
import dev.perimeter.example.keys.SigningAlgorithm;
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
 * value to use instead.
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
