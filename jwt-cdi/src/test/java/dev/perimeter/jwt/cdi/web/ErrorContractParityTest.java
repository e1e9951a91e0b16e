package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same requests against the servlet {@code JwtFilter} alone (a rule demands {@code admin})
 * and against Jersey with only the JAX-RS filter (the resource demands {@code admin} by
 * annotation): every refusal has the same status, {@code WWW-Authenticate} and body.
 */
class ErrorContractParityTest {

    private static final String PATH = "/api/reports/summary";
    private static final String ROOT = Tokens.token("root", "user", "admin");
    private static final String ALICE = Tokens.token("alice", "user");

    private static JettyHarness servlet;
    private static JerseyOnJetty jaxrs;

    private static JwtConfig config() {
        return JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("realm", Tokens.REALM)
                .cookie("access_token")
                .rules(PATH + " = admin")
                .build();
    }

    private static Perimeter perimeter;

    @BeforeAll
    static void start() throws Exception {
        servlet = JettyHarness.withFilter(new JwtFilter(config()));
        jaxrs = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(JwtFeature.verifying(perimeter = Perimeter.start(config()))), null,
                ReportsResource.class, AuditLog.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (perimeter != null) {
            perimeter.close();
        }
        if (servlet != null) {
            servlet.close();
        }
        if (jaxrs != null) {
            jaxrs.close();
        }
    }

    static Stream<Arguments> refusals() {
        long now = Instant.now().getEpochSecond();
        String expired = Tokens.tokenWithClaims("{\"iss\":\"" + TestTokens.ISSUER
                + "\",\"sub\":\"old\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"iat\":"
                + (now - 1000) + ",\"exp\":" + (now - 500) + ",\"groups\":[\"admin\"]}");
        String otherAudience = Tokens.tokenWithClaims("{\"iss\":\"" + TestTokens.ISSUER
                + "\",\"sub\":\"x\",\"aud\":\"elsewhere\",\"exp\":" + (now + 300) + "}");
        return Stream.of(
                refusal("no token", b -> b.GET()),
                refusal("an empty bearer", b -> b.header("Authorization", "Bearer").GET()),
                refusal("two Authorization headers", b -> b.header("Authorization", "Bearer " + ROOT)
                        .header("Authorization", "Bearer " + ROOT).GET()),
                refusal("two bearer tokens in one header", b -> b.header("Authorization",
                        "Bearer a b").GET()),
                refusal("a malformed token", b -> bearer(b, "not-a-token").GET()),
                refusal("a bad signature", b -> bearer(b, ROOT.substring(0, ROOT.length() - 4)
                        + "AAAA").GET()),
                refusal("an expired token", b -> bearer(b, expired).GET()),
                refusal("another audience", b -> bearer(b, otherAudience).GET()),
                refusal("a role missing", b -> bearer(b, ALICE).GET()),
                refusal("a header and a cookie", b -> bearer(b, ROOT)
                        .header("Cookie", "access_token=" + ROOT).GET()),
                refusal("the cookie twice", b -> b.header("Cookie",
                        "access_token=" + ROOT + "; access_token=" + ALICE).GET()),
                refusal("a cookie on POST without CSRF proof", b -> b.header("Cookie",
                        "access_token=" + ROOT).POST(HttpRequest.BodyPublishers.noBody())),
                refusal("a cookie on POST with a wrong CSRF proof", b -> b.header("Cookie",
                        "access_token=" + ROOT + "; XSRF-TOKEN=abc").header("X-XSRF-TOKEN", "abd")
                        .POST(HttpRequest.BodyPublishers.noBody())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void theJaxRsFilterRefusesExactlyAsTheServletFilterDoes(String situation,
            UnaryOperator<HttpRequest.Builder> request) throws Exception {
        HttpResponse<String> expected = servlet.send(request.apply(servlet.request(PATH)).build());
        HttpResponse<String> actual = jaxrs.send(request.apply(jaxrs.request(PATH)).build());
        assertEquals(answer(expected), answer(actual), situation);
        assertEquals(true, expected.statusCode() >= 400, situation + ": " + answer(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("admissions")
    void bothAdmitTheSameRequests(String situation, UnaryOperator<HttpRequest.Builder> request)
            throws Exception {
        HttpResponse<String> expected = servlet.send(request.apply(servlet.request(PATH)).build());
        HttpResponse<String> actual = jaxrs.send(request.apply(jaxrs.request(PATH)).build());
        assertEquals(200, expected.statusCode(), situation + ": " + expected.body());
        assertEquals(200, actual.statusCode(), situation + ": " + actual.body());
    }

    static Stream<Arguments> admissions() {
        return Stream.of(
                refusal("the right role in the header", b -> bearer(b, ROOT).GET()),
                refusal("the scheme in lower case", b -> b.header("Authorization", "bearer " + ROOT)
                        .GET()),
                refusal("a cookie on GET", b -> b.header("Cookie", "access_token=" + ROOT).GET()),
                refusal("a cookie on POST with the CSRF proof", b -> b.header("Cookie",
                        "access_token=" + ROOT + "; XSRF-TOKEN=abc").header("X-XSRF-TOKEN", "abc")
                        .POST(HttpRequest.BodyPublishers.noBody())));
    }

    private static Arguments refusal(String situation, UnaryOperator<HttpRequest.Builder> request) {
        return Arguments.of(situation, request);
    }

    private static HttpRequest.Builder bearer(HttpRequest.Builder builder, String token) {
        return builder.header("Authorization", "Bearer " + token);
    }

    private static List<Object> answer(HttpResponse<String> response) {
        return List.of(response.statusCode(),
                response.headers().firstValue("WWW-Authenticate").orElse("-"),
                response.headers().firstValue("Cache-Control").orElse("-"),
                response.headers().firstValue("Retry-After").orElse("-"),
                response.body());
    }
}
