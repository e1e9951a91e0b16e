package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.servlet.RemoteKeysTest.assertUnavailable;
import static dev.perimeter.jwt.servlet.Responses.assertAdmitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.RemoteKeysTest.Running;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import dev.perimeter.jwt.testing.TlsJwksServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key fetches over HTTPS from a provider whose certificate no public CA signed (a private CA, as
 * in most companies' Keycloak): trusted through {@code jwks-trust-store} as PEM, PKCS#12 or JKS,
 * without touching the JVM's trust store; refused without it, with a WARNING that says why.
 */
class RemoteKeysTrustStoreTest {

    private static final String K1 = RemoteKeysTest.K1;

    @TempDir
    static Path files;
    private static TlsJwksServer provider;

    @BeforeAll
    static void startProvider() throws Exception {
        provider = TlsJwksServer.start(files);
        provider.serve(TestKeys.jwks(K1));
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    private static JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .jwks(provider.url()).set("jwks-timeout", "5");
    }

    private static String token() {
        return TestTokens.sign(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), "user"), "SHA256withRSA",
                TestKeys.RSA.getPrivate());
    }

    @ParameterizedTest(name = "trust store as {0}")
    @ValueSource(strings = {"pem", "pkcs12", "jks"})
    void keysAreFetchedFromAProviderTheTrustStoreVouchesFor(String kind) throws Exception {
        Path store = kind.equals("pem") ? provider.pem() : kind.equals("pkcs12") ? provider.pkcs12() : provider.jks();
        JwtConfig.Builder builder = config().set("jwks-trust-store", "file:" + store);
        if (!kind.equals("pem")) {
            builder.set("jwks-trust-store-password", TlsJwksServer.STORE_PASSWORD);
        }
        try (Running filter = new Running(builder.build())) {
            assertAdmitted(filter.get(token()), "alice");
            assertTrue(filter.perimeter().summary().contains("jwks-trust-store=file:" + store),
                    filter.perimeter().summary());
        }
    }

    @Test
    void theTrustStoreServesKeyFetchesOnlyAndTheJvmsOwnIsUnchanged() throws Exception {
        try (Running filter = new Running(config().set("jwks-trust-store", "file:" + provider.pem()).build())) {
            assertAdmitted(filter.get(token()), "alice");
            HttpClient other = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(SSLHandshakeException.class, () -> other.send(
                    HttpRequest.newBuilder(URI.create(provider.url())).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
    }

    @Test
    void withoutTheTrustStoreTheJvmsDefaultRefusesTheProviderAndTheWarningSaysWhy() throws Exception {
        try (LogRecorder log = LogRecorder.named("dev.perimeter.jwt.keys.RemoteJwks");
                Running filter = new Running(config().build())) {
            assertUnavailable(filter.get(token()));
            String warning = log.messages(Level.WARNING).toString();
            assertTrue(warning.contains("TLS handshake failed") && warning.contains("jwks-trust-store"),
                    warning);
            assertTrue(filter.perimeter().summary().contains("jwks-trust-store=jvm-default"),
                    filter.perimeter().summary());
        }
    }

    @Test
    void aStoreThatCannotBeUsedFailsTheStartNamingTheParameter() throws Exception {
        Path notAStore = files.resolve("not-a-store.bin");
        Files.write(notAStore, new byte[] {1, 2, 3, 4, 5});
        Path emptyPem = files.resolve("empty.pem");
        Files.writeString(emptyPem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        failsNaming("jwks-trust-store", config().set("jwks-trust-store", "file:" + files.resolve("missing.p12")));
        failsNaming("jwks-trust-store", config().set("jwks-trust-store", "file:" + notAStore));
        failsNaming("jwks-trust-store", config().set("jwks-trust-store", "file:" + emptyPem));
        failsNaming("jwks-trust-store", config().set("jwks-trust-store", provider.pem().toString()));
        failsNaming("jwks-trust-store-password", config().set("jwks-trust-store", "file:" + provider.pkcs12())
                .set("jwks-trust-store-password", "wrong-pw-4411"));
        failsNaming("jwks-trust-store-password", config().set("jwks-trust-store", "file:" + provider.jks())
                .set("jwks-trust-store-password", "wrong-pw-4411"));
        failsNaming("jwks-trust-store-password", config().set("jwks-trust-store-password", "secret"));
    }

    private static void failsNaming(String parameter, JwtConfig.Builder builder) {
        ConfigException e = assertThrows(ConfigException.class, () -> Perimeter.start(builder.build()).close());
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(!e.getMessage().contains(TlsJwksServer.STORE_PASSWORD) && !e.getMessage().contains("wrong-pw-4411"),
                "no password in the message: " + e.getMessage());
    }
}
