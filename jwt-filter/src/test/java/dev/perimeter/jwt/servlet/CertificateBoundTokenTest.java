package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.testing.TestCertificates.ALICE;
import static dev.perimeter.jwt.testing.TestCertificates.CA;
import static dev.perimeter.jwt.testing.TestCertificates.MALLORY;
import static dev.perimeter.jwt.testing.TestCertificates.STRANGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestCertificates;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificate-bound access tokens (RFC 8705, section 3) over a real TLS connector: Jetty 12 with
 * an HTTPS connector that wants (does not need) a client certificate signed by the test CA, and
 * a plain HTTP connector beside it. A token whose {@code cnf} claim holds an {@code x5t#S256} is
 * admitted only over a connection whose client certificate has that thumbprint; the thumbprints
 * here are computed by the test fixture, not by the filter.
 */
class CertificateBoundTokenTest {

    @TempDir
    static Path files;

    private static TestCertificates certificates;

    @BeforeAll
    static void makeThePki() throws Exception {
        certificates = TestCertificates.create(files);
    }

    private static Map<String, String> parameters(String... more) {
        Map<String, String> parameters = new HashMap<>(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic())));
        for (int i = 0; i < more.length; i += 2) {
            parameters.put(more[i], more[i + 1]);
        }
        return parameters;
    }

    private static JettyHarness jetty() throws Exception {
        return JettyHarness.withTls(parameters(), certificates);
    }

    private static JettyHarness jettyRequiringBinding() throws Exception {
        return JettyHarness.withTls(parameters("certificate-binding", "required"), certificates);
    }

    /** A valid token for alice whose {@code cnf} is the JSON text {@code cnf}. */
    private static String tokenWithCnf(String cnf) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.withClaim(TestTokens.claims("alice", Instant.now(), "user"), "cnf", cnf));
    }

    private static String tokenBoundTo(String alias) {
        return tokenWithCnf("{\"x5t#S256\":\"" + certificates.thumbprint(alias) + "\"}");
    }

    private static String unboundToken() {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), "user"));
    }

    private static String subject(String alias) {
        return certificates.certificate(alias).getSubjectX500Principal().getName();
    }

    /** 401 invalid_token by the error contract, the token not echoed, the servlet not run. */
    private static void assertRefused(JettyHarness jetty, HttpResponse<String> response,
            String token) {
        Responses.assertInvalidToken(response);
        Responses.assertNothingLeaks(response, token);
        assertEquals(0, jetty.servletCalls(), "the servlet ran for a refused request");
    }

    @Test
    void theFixtureSignsAliceAndMalloryByTheCaAndTheirThumbprintsDiffer() {
        assertEquals(certificates.certificate(CA).getSubjectX500Principal(),
                certificates.certificate(ALICE).getIssuerX500Principal());
        assertEquals(certificates.certificate(CA).getSubjectX500Principal(),
                certificates.certificate(MALLORY).getIssuerX500Principal());
        assertNotEquals(certificates.certificate(CA).getSubjectX500Principal(),
                certificates.certificate(STRANGER).getIssuerX500Principal());
        assertNotEquals(certificates.thumbprint(ALICE), certificates.thumbprint(MALLORY));
        assertEquals(43, certificates.thumbprint(ALICE).length(), "unpadded base64url of 32 bytes");
    }

    @Test
    void aTokenBoundToAlicesCertificateIsAdmittedOverAlicesConnection() throws Exception {
        try (JettyHarness jetty = jetty()) {
            HttpResponse<String> response = jetty.httpsGetWithBearer(ALICE, "/api/me",
                    tokenBoundTo(ALICE));
            Map<String, Object> echo = Responses.assertAdmitted(response, "alice");
            assertEquals(subject(ALICE), echo.get("clientCertificate"), "the servlet's view");
            assertEquals(1, jetty.servletCalls());
        }
    }

    @Test
    void aTokenBoundToAlicesCertificateIsRefusedOverMallorysConnection() throws Exception {
        try (JettyHarness jetty = jetty()) {
            String token = tokenBoundTo(ALICE);
            assertRefused(jetty, jetty.httpsGetWithBearer(MALLORY, "/api/me", token), token);
        }
    }

    @Test
    void aTokenBoundToAlicesCertificateIsRefusedOverATlsConnectionWithoutAClientCertificate()
            throws Exception {
        try (JettyHarness jetty = jetty()) {
            String token = tokenBoundTo(ALICE);
            assertRefused(jetty, jetty.httpsGetWithBearer(null, "/api/me", token), token);
        }
    }

    @Test
    void aTokenBoundToAlicesCertificateIsRefusedOverPlainHttp() throws Exception {
        try (JettyHarness jetty = jetty()) {
            String token = tokenBoundTo(ALICE);
            assertRefused(jetty, jetty.getWithBearer("/api/me", token), token);
        }
    }

    @Test
    void aTokenBoundToTheCaCertificateIsRefusedThoughTheCaIsInAlicesChain() throws Exception {
        // alice sends [alice, CA]: only the first certificate of the chain is the client's.
        try (JettyHarness jetty = jetty()) {
            String token = tokenBoundTo(CA);
            assertRefused(jetty, jetty.httpsGetWithBearer(ALICE, "/api/me", token), token);
        }
    }

    @Test
    void aTokenBoundToMallorysCertificateIsAdmittedOverMallorysConnectionOnly() throws Exception {
        try (JettyHarness jetty = jetty()) {
            String token = tokenBoundTo(MALLORY);
            Responses.assertAdmitted(jetty.httpsGetWithBearer(MALLORY, "/api/me", token), "alice");
            HttpResponse<String> overAlices = jetty.httpsGetWithBearer(ALICE, "/api/me", token);
            Responses.assertInvalidToken(overAlices);
            assertEquals(1, jetty.servletCalls());
        }
    }

    @Test
    void anUnboundTokenIsAdmittedWithAnyClientCertificateOrNoneAndOverPlainHttp()
            throws Exception {
        try (JettyHarness jetty = jetty()) {
            assertEquals(subject(ALICE), Responses.assertAdmitted(jetty.httpsGetWithBearer(ALICE,
                    "/api/me", unboundToken()), "alice").get("clientCertificate"));
            assertEquals(subject(MALLORY), Responses.assertAdmitted(jetty.httpsGetWithBearer(
                    MALLORY, "/api/me", unboundToken()), "alice").get("clientCertificate"));
            assertEquals(null, Responses.assertAdmitted(jetty.httpsGetWithBearer(null, "/api/me",
                    unboundToken()), "alice").get("clientCertificate"));
            assertEquals(null, Responses.assertAdmitted(jetty.getWithBearer("/api/me",
                    unboundToken()), "alice").get("clientCertificate"));
            assertEquals(4, jetty.servletCalls());
        }
    }

    @Test
    void aClientCertificateTheCaDidNotSignIsRefusedByTheConnectorBeforeTheFilter()
            throws Exception {
        // wantClientAuth: no certificate is allowed, an untrusted one ends the handshake.
        try (JettyHarness jetty = jetty()) {
            IOException refused = assertThrows(IOException.class,
                    () -> jetty.httpsGetWithBearer(STRANGER, "/api/me", unboundToken()));
            Throwable cause = refused;
            while (cause != null && !(cause instanceof SSLException)) {
                cause = cause.getCause();
            }
            assertInstanceOf(SSLException.class, cause, () -> "not a TLS failure: " + refused);
            assertEquals(0, jetty.servletCalls());
            // The same connector still admits alice: the refusal was the stranger's certificate.
            Responses.assertAdmitted(jetty.httpsGetWithBearer(ALICE, "/api/me", unboundToken()),
                    "alice");
        }
    }

    @Test
    void anUnboundTokenIsRefusedWhenCertificateBindingIsRequired() throws Exception {
        try (JettyHarness jetty = jettyRequiringBinding()) {
            String token = unboundToken();
            assertRefused(jetty, jetty.httpsGetWithBearer(ALICE, "/api/me", token), token);
            assertRefused(jetty, jetty.getWithBearer("/api/me", token), token);
        }
    }

    @Test
    void aBoundTokenIsAdmittedOverItsCertificatesConnectionWhenCertificateBindingIsRequired()
            throws Exception {
        try (JettyHarness jetty = jettyRequiringBinding()) {
            Responses.assertAdmitted(jetty.httpsGetWithBearer(ALICE, "/api/me", tokenBoundTo(ALICE)),
                    "alice");
            assertEquals(1, jetty.servletCalls());
        }
    }

    @Test
    void aBoundTokenIsRefusedOverAnotherCertificateOrPlainHttpWhenCertificateBindingIsRequired()
            throws Exception {
        try (JettyHarness jetty = jettyRequiringBinding()) {
            String token = tokenBoundTo(ALICE);
            assertRefused(jetty, jetty.httpsGetWithBearer(MALLORY, "/api/me", token), token);
            assertRefused(jetty, jetty.httpsGetWithBearer(null, "/api/me", token), token);
            assertRefused(jetty, jetty.getWithBearer("/api/me", token), token);
        }
    }

    @Test
    void aNullCnfCountsAsAbsentAdmittedWhenCheckedAndRefusedWhenBindingIsRequired()
            throws Exception {
        // Perimeter's rule for every claim: JSON null is absence (docs/security.md, "exp": null).
        // The issuer signed no binding, so nothing is dropped by admitting it as unbound.
        String token = tokenWithCnf("null");
        try (JettyHarness jetty = jetty()) {
            Responses.assertAdmitted(jetty.httpsGetWithBearer(MALLORY, "/api/me", token), "alice");
        }
        try (JettyHarness jetty = jettyRequiringBinding()) {
            assertRefused(jetty, jetty.httpsGetWithBearer(ALICE, "/api/me", token), token);
        }
    }

    static Stream<Arguments> malformedConfirmations() throws Exception {
        String alice = certificates.thumbprint(ALICE);
        String mallory = certificates.thumbprint(MALLORY);
        byte[] der = certificates.certificate(ALICE).getEncoded();
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        String sha1 = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-1").digest(der));
        return Stream.of(
                Arguments.of("x5t#S256 a number", "{\"x5t#S256\":42}"),
                Arguments.of("x5t#S256 null", "{\"x5t#S256\":null}"),
                Arguments.of("x5t#S256 true", "{\"x5t#S256\":true}"),
                Arguments.of("x5t#S256 an array of the right thumbprint", "{\"x5t#S256\":[\"" + alice + "\"]}"),
                Arguments.of("x5t#S256 an object", "{\"x5t#S256\":{\"value\":\"" + alice + "\"}}"),
                Arguments.of("x5t#S256 empty", "{\"x5t#S256\":\"\"}"),
                Arguments.of("x5t#S256 not base64url", "{\"x5t#S256\":\"not a thumbprint!\"}"),
                Arguments.of("x5t#S256 as hex", "{\"x5t#S256\":\"" + hex + "\"}"),
                Arguments.of("x5t#S256 the SHA-1 thumbprint", "{\"x5t#S256\":\"" + sha1 + "\"}"),
                Arguments.of("x5t#S256 twice", "{\"x5t#S256\":\"" + mallory + "\",\"x5t#S256\":\"" + alice + "\"}"),
                Arguments.of("cnf the thumbprint as a string", "\"" + alice + "\""),
                Arguments.of("cnf an array", "[\"" + alice + "\"]"),
                Arguments.of("cnf a number", "42"),
                Arguments.of("cnf an empty object", "{}"),
                Arguments.of("cnf only an unknown member", "{\"perimeter-unknown\":\"" + alice + "\"}"),
                Arguments.of("cnf only x5t (SHA-1)", "{\"x5t\":\"" + sha1 + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConfirmations")
    void aMalformedCnfIsRefusedAs401NotAdmittedNorA500EvenOverAlicesConnection(String why,
            String cnf) throws Exception {
        try (JettyHarness jetty = jetty()) {
            String token = tokenWithCnf(cnf);
            assertRefused(jetty, jetty.httpsGetWithBearer(ALICE, "/api/me", token), token);
        }
    }
}
