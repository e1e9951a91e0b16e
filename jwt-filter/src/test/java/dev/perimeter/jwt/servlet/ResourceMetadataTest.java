package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.DpopProofs;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) over real Jetty, where the filter protects
 * {@code /*}: the document at the well-known location (section 3) and its path-suffixed form
 * (section 3.1) is served without a token, checked member by member against section 2 and
 * against the configuration; every challenge names it in {@code resource_metadata} (section
 * 5.1), exactly, and none does when it is off; a bad value fails start-up naming the parameter;
 * the {@code Host} header never changes what is served.
 */
class ResourceMetadataTest {

    private static final String RESOURCE = DpopProofs.URL; // https://api.example.test
    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
    private static final String METADATA_URL = RESOURCE + WELL_KNOWN;
    private static final String NAMED = "resource_metadata=\"" + METADATA_URL + "\"";
    private static final String ALGS = "RS256 PS256 ES256 ES384 EdDSA";
    /** Every member RFC 9728 section 2 defines; a document holds no other. */
    private static final Set<String> RFC_9728_MEMBERS = Set.of("resource",
            "authorization_servers", "jwks_uri", "scopes_supported", "bearer_methods_supported",
            "resource_signing_alg_values_supported", "resource_name", "resource_documentation",
            "resource_policy_uri", "resource_tos_uri", "tls_client_certificate_bound_access_tokens",
            "authorization_details_types_supported", "dpop_signing_alg_values_supported",
            "dpop_bound_access_tokens_required", "signed_metadata");

    @TempDir
    Path files;

    private static Map<String, String> parameters(String... more) {
        Map<String, String> parameters = new HashMap<>(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
                "rules", "/api/admin/* = admin",
                "resource", RESOURCE,
                "resource-metadata", "true"));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                parameters.remove(more[i]);
            } else {
                parameters.put(more[i], more[i + 1]);
            }
        }
        return parameters;
    }

    private static String token(String... groups) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), groups));
    }

    private static HttpResponse<String> get(JettyHarness jetty, String path) throws Exception {
        return jetty.send(jetty.request(path).GET().build());
    }

    /** The document, after asserting the answer's status and headers. */
    private static Map<String, Object> document(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=300",
                response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff",
                response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(response.headers().allValues("WWW-Authenticate").isEmpty());
        Map<String, Object> document = Responses.json(response);
        for (String member : document.keySet()) {
            assertTrue(RFC_9728_MEMBERS.contains(member), "not an RFC 9728 member: " + member);
        }
        return document;
    }

    @Test
    void theDocumentIsServedWithoutATokenThoughEveryPathIsProtected() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters())) {
            assertEquals(401, get(jetty, "/anything").statusCode(), "/* is protected");
            Map<String, Object> document = document(get(jetty, WELL_KNOWN));
            assertEquals(Map.of(
                    "resource", RESOURCE,
                    "authorization_servers", List.of(TestTokens.ISSUER),
                    "bearer_methods_supported", List.of("header")), document);
            assertEquals(0, jetty.servletCalls(), "the filter answered; the application did not");
        }
    }

    @Test
    void theDocumentIsTheSameBytesWithAToken() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters())) {
            String without = get(jetty, WELL_KNOWN).body();
            HttpResponse<String> with = jetty.getWithBearer(WELL_KNOWN, token("user"));
            assertEquals(200, with.statusCode());
            assertEquals(without, with.body());
            HttpResponse<String> bad = jetty.getWithBearer(WELL_KNOWN, "not-a-token");
            assertEquals(200, bad.statusCode(), "a bad token is not even read here");
            assertEquals(without, bad.body());
        }
    }

    @Test
    void everyConfiguredMemberIsInTheDocumentInTheRfcsTerms() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                "issuer", TestTokens.ISSUER + ", https://sso.example.test/realms/two",
                "keys-issuer", "*",
                "resource-scopes", "orders:read, orders:write",
                "resource-documentation", "https://docs.example.test/api",
                "dpop", "allowed", "dpop-url", DpopProofs.URL,
                "dpop-algorithms", "ES256, EdDSA"))) {
            Map<String, Object> document = document(get(jetty, WELL_KNOWN));
            assertEquals(RESOURCE, document.get("resource"));
            assertEquals(List.of(TestTokens.ISSUER, "https://sso.example.test/realms/two"),
                    document.get("authorization_servers"));
            assertEquals(List.of("orders:read", "orders:write"), document.get("scopes_supported"));
            assertEquals(List.of("header"), document.get("bearer_methods_supported"));
            assertEquals("https://docs.example.test/api", document.get("resource_documentation"));
            assertEquals(List.of("ES256", "EdDSA"), document.get("dpop_signing_alg_values_supported"));
            assertEquals(false, document.get("dpop_bound_access_tokens_required"));
            assertFalse(document.containsKey("tls_client_certificate_bound_access_tokens"));
            assertFalse(document.containsKey("jwks_uri"), "Perimeter has no keys of its own");
            assertFalse(document.containsKey("resource_signing_alg_values_supported"));
            assertEquals(7, document.size(), document::toString);
        }
    }

    @Test
    void dpopRequiredAndCertificateBindingRequiredAreStated() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                "dpop", "required", "dpop-url", DpopProofs.URL,
                "certificate-binding", "required"))) {
            Map<String, Object> document = document(get(jetty, WELL_KNOWN));
            assertEquals(true, document.get("dpop_bound_access_tokens_required"));
            assertEquals(List.of(ALGS.split(" ")), document.get("dpop_signing_alg_values_supported"));
            assertEquals(true, document.get("tls_client_certificate_bound_access_tokens"));
        }
    }

    @Test
    void withDpopOffTheDocumentHasNoDpopMembers() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters("dpop", "off"))) {
            Map<String, Object> document = document(get(jetty, WELL_KNOWN));
            assertFalse(document.containsKey("dpop_signing_alg_values_supported"));
            assertFalse(document.containsKey("dpop_bound_access_tokens_required"));
            assertFalse(document.containsKey("tls_client_certificate_bound_access_tokens"));
        }
    }

    @Test
    void aTokenHeaderOtherThanAuthorizationIsNoRfcBearerMethod() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters("header", "X-Token"))) {
            assertFalse(document(get(jetty, WELL_KNOWN)).containsKey("bearer_methods_supported"));
        }
    }

    @Test
    void remoteAndFileKeySetsAlikeAreNotTheResourcesJwksUri() throws Exception {
        Path file = files.resolve("jwks.json");
        Files.writeString(file, TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256")));
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/jwks", TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), "k1", "RS256")));
            for (String jwks : List.of(provider.url("/jwks"), file.toUri().toString())) {
                try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                        "public-key", null, "jwks", jwks, "jwks-allow-http-loopback", "true"))) {
                    assertEquals(200, jetty.getWithBearer("/api/me", token("user")).statusCode(),
                            "the keys of " + jwks + " work");
                    Map<String, Object> document = document(get(jetty, WELL_KNOWN));
                    assertFalse(document.containsKey("jwks_uri"), jwks);
                    assertEquals(3, document.size(), document::toString);
                }
            }
        }
    }

    @Test
    void headAnswersTheHeadersWithoutABodyAndOtherMethodsAre405() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters())) {
            String body = get(jetty, WELL_KNOWN).body();
            HttpResponse<String> head = jetty.send(jetty.request(WELL_KNOWN)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length),
                    head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("public, max-age=300", head.headers().firstValue("Cache-Control").orElseThrow());
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                HttpResponse<String> refused = jetty.send(jetty.request(WELL_KNOWN)
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
                assertEquals(405, refused.statusCode(), method);
                assertEquals("GET, HEAD", refused.headers().firstValue("Allow").orElseThrow());
                assertEquals("method_not_allowed", Responses.json(refused).get("error"));
            }
            assertEquals(0, jetty.servletCalls());
        }
    }

    @Test
    void aResourceWithAPathIsServedAtTheSuffixedLocationAndNamedByIt() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                "resource", RESOURCE + "/orders/"))) {
            Map<String, Object> suffixed = document(get(jetty, WELL_KNOWN + "/orders"));
            assertEquals(RESOURCE + "/orders/", suffixed.get("resource"), "exactly as configured");
            assertEquals(suffixed, document(get(jetty, WELL_KNOWN)));
            assertEquals(401, get(jetty, WELL_KNOWN + "/other").statusCode(),
                    "another suffix is an ordinary protected path");
            assertEquals("Bearer resource_metadata=\"" + RESOURCE + WELL_KNOWN + "/orders\"",
                    Responses.challenge(get(jetty, "/api/me")));
        }
    }

    @Test
    void whenOffTheWellKnownPathIsProtectedAndNoChallengeNamesIt() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                "resource-metadata", "false", "dpop", "allowed", "dpop-url", DpopProofs.URL))) {
            HttpResponse<String> wellKnown = get(jetty, WELL_KNOWN);
            assertEquals(401, wellKnown.statusCode());
            for (HttpResponse<String> refused : List.of(wellKnown, get(jetty, "/api/me"),
                    jetty.getWithBearer("/api/me", "x.y.z"),
                    jetty.getWithBearer("/api/admin/x", token("user")))) {
                String challenge = Responses.challenge(refused);
                assertFalse(challenge.contains("resource_metadata"), challenge);
            }
            assertEquals("Bearer, DPoP algs=\"" + ALGS + "\"",
                    Responses.challenge(get(jetty, "/api/me")));
        }
    }

    @Test
    void everyBearerChallengeNamesTheMetadataExactly() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters("realm", "shop"))) {
            assertEquals("Bearer realm=\"shop\", " + NAMED,
                    Responses.challenge(get(jetty, "/api/me")));
            HttpResponse<String> invalid = jetty.getWithBearer("/api/me", token("user") + "x");
            assertEquals(401, invalid.statusCode());
            String challenge = Responses.challenge(invalid);
            assertTrue(challenge.matches("Bearer realm=\"shop\", error=\"invalid_token\","
                    + " error_description=\"[^\"]+\", " + java.util.regex.Pattern.quote(NAMED)),
                    challenge);
            HttpResponse<String> forbidden = jetty.getWithBearer("/api/admin/x", token("user"));
            assertEquals(403, forbidden.statusCode());
            assertEquals("Bearer realm=\"shop\", error=\"insufficient_scope\", error_description="
                    + "\"the token lacks the role this resource requires\", scope=\"admin\", "
                    + NAMED, Responses.challenge(forbidden));
            assertEquals(200, jetty.getWithBearer("/api/admin/x", token("admin")).statusCode());
        }
    }

    @Test
    void dpopChallengesNameTheMetadataToo() throws Exception {
        DpopProofs client = DpopProofs.es256();
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                "dpop", "allowed", "dpop-url", DpopProofs.URL))) {
            assertEquals("Bearer " + NAMED + ", DPoP algs=\"" + ALGS + "\", " + NAMED,
                    Responses.challenge(get(jetty, "/api/me")));
            String bound = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    client.boundClaims("alice", Instant.now(), "user"));
            HttpResponse<String> noProof = jetty.send(jetty.request("/api/me")
                    .header("Authorization", "DPoP " + bound).GET().build());
            assertEquals(401, noProof.statusCode());
            String challenge = Responses.challenge(noProof);
            assertTrue(challenge.matches("DPoP error=\"invalid_dpop_proof\", error_description="
                    + "\"[^\"]+\", algs=\"" + ALGS + "\", "
                    + java.util.regex.Pattern.quote(NAMED)), challenge);
            HttpResponse<String> ok = jetty.send(jetty.request("/api/me")
                    .header("Authorization", "DPoP " + bound)
                    .header("DPoP", client.proof("GET", "/api/me", bound)).GET().build());
            assertEquals(200, ok.statusCode(), ok.body());
        }
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters(
                "dpop", "required", "dpop-url", DpopProofs.URL))) {
            assertEquals("DPoP algs=\"" + ALGS + "\", " + NAMED,
                    Responses.challenge(get(jetty, "/api/me")));
        }
    }

    @Test
    void theHostHeaderNeverChangesTheDocumentOrTheChallenge() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters())) {
            String expected = get(jetty, WELL_KNOWN).body();
            for (String host : List.of("evil.example", "127.0.0.1:" + jetty.port(), "[::1]")) {
                String document = raw(jetty.port(), WELL_KNOWN, host);
                assertTrue(document.startsWith("HTTP/1.1 200"), document);
                assertTrue(document.endsWith("\r\n\r\n" + expected), document);
                assertFalse(document.contains("evil"), document);
                String refused = raw(jetty.port(), "/api/me", host);
                assertTrue(refused.startsWith("HTTP/1.1 401"), refused);
                assertTrue(refused.contains("WWW-Authenticate: Bearer " + NAMED + "\r\n"), refused);
            }
        }
    }

    /** GET {@code path} with {@code Host: host} and {@code X-Forwarded-Host: host}, raw. */
    private static String raw(int port, String path, String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-Host: "
                    + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    // Configuration: each bad value fails start-up naming its parameter.

    private static JwtConfig build(String... more) {
        JwtConfig.Builder builder = JwtConfig.builder();
        parameters(more).forEach(builder::set);
        return builder.build();
    }

    private static void failsNaming(String parameter, String... more) {
        ConfigException e = assertThrows(ConfigException.class, () -> build(more));
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + parameter + "'"), e.getMessage());
    }

    @Test
    void metadataWithoutAResourceFailsNamingResource() {
        failsNaming("resource", "resource", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.example.test", "api.example.test", "/orders",
            "https://api.example.test?tenant=a", "https://api.example.test/#top",
            "https://user@api.example.test", "ftp://api.example.test", "https://",
            "https://api.example.test/a/../b", "https://api.example.test/\"x", "HTTPS://api.example.test",
            "http://10.0.0.1", "http://localhost.evil.example", "https://api.example.test/ä"})
    void aResourceThatIsNoHttpsIdentifierFailsNamingResource(String resource) {
        failsNaming("resource", "resource", resource);
        failsNaming("resource", "resource", resource, "resource-metadata", "false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:8080/api", "http://[::1]"})
    void httpIsAllowedForLoopbackHostsOnly(String resource) {
        assertEquals(resource, build("resource", resource).resourceMetadata().resource());
    }

    @Test
    void badScopesAndDocumentationFailNamingTheirParameter() {
        failsNaming("resource-scopes", "resource-scopes", "read, write all");
        failsNaming("resource-scopes", "resource-scopes", "read\"");
        failsNaming("resource-documentation", "resource-documentation", "javascript:alert(1)");
        failsNaming("resource-documentation", "resource-documentation", "http://docs.example.test");
        failsNaming("resource-metadata", "resource-metadata", "yes please");
    }

    @Test
    void offHasNoMetadataAndTheUrlIsBuiltFromTheResource() {
        assertNull(build("resource-metadata", "false").resourceMetadata());
        assertEquals(METADATA_URL, build().resourceMetadata().url());
        assertEquals(RESOURCE + WELL_KNOWN + "/a/b",
                build("resource", RESOURCE + "/a/b").resourceMetadata().url());
        assertEquals(METADATA_URL, build("resource", RESOURCE + "/").resourceMetadata().url());
    }
}
