package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Assertions on the filter's answers, shared by the filter suites: DESIGN's error contract. */
final class Responses {

    /** An RFC 6750 challenge for an invalid token, with any description the filter chose. */
    private static final Pattern INVALID_TOKEN_CHALLENGE = Pattern.compile(
            "Bearer error=\"invalid_token\", error_description=\"[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+\"");

    private Responses() {
    }

    /** The body as a JSON object. */
    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new AssertionError("the body is not a JSON object: " + response.body(), e);
        }
    }

    /** The one {@code WWW-Authenticate} header, or null when there is none. */
    static String challenge(HttpResponse<String> response) {
        List<String> values = response.headers().allValues("WWW-Authenticate");
        assertTrue(values.size() <= 1, "more than one WWW-Authenticate: " + values);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Asserts an error answer of the contract: the status, {@code Cache-Control: no-store}, and a
     * JSON body of exactly {@code error} and a non-empty {@code error_description}.
     *
     * @return the {@code error_description}
     */
    static String assertError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null),
                "Cache-Control");
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options")
                .orElse(null), "X-Content-Type-Options");
        assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/json"), "Content-Type");
        Map<String, Object> body = json(response);
        assertEquals(Set.of("error", "error_description"), body.keySet(), response::body);
        assertEquals(error, body.get("error"), response::body);
        Object description = body.get("error_description");
        assertInstanceOf(String.class, description, response::body);
        assertFalse(((String) description).isBlank(), response::body);
        return (String) description;
    }

    /**
     * Asserts 401 {@code invalid_token} with a well-formed challenge whose description is the
     * body's.
     *
     * @return the {@code error_description}
     */
    static String assertInvalidToken(HttpResponse<String> response) {
        String description = assertError(response, 401, "invalid_token");
        String challenge = challenge(response);
        assertTrue(challenge != null && INVALID_TOKEN_CHALLENGE.matcher(challenge).matches(),
                "WWW-Authenticate: " + challenge);
        assertEquals("Bearer error=\"invalid_token\", error_description=\"" + description + "\"",
                challenge);
        return description;
    }

    /** Asserts 401 with the bare challenge of a request that carried no token. */
    static void assertNoTokenChallenge(HttpResponse<String> response, String expectedChallenge) {
        assertError(response, 401, "unauthorized");
        assertEquals(expectedChallenge, challenge(response));
    }

    /** Asserts that neither body nor headers repeat the token or any sizeable part of it. */
    static void assertNothingLeaks(HttpResponse<String> response, String token) {
        String everything = response.body() + "\n" + response.headers().map();
        assertFalse(everything.contains("Exception"), everything);
        assertFalse(everything.contains("\tat "), everything);
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertFalse(everything.contains(part), "the response repeats the token: " + everything);
            }
        }
    }

    /**
     * Asserts that the echo servlet answered for an authenticated caller: principal and remote
     * user {@code user}, auth type {@code BEARER} and the verified token as request attribute.
     *
     * @return the echo servlet's JSON answer
     */
    static Map<String, Object> assertAdmitted(HttpResponse<String> response, String user) {
        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> echo = json(response);
        assertEquals(user, echo.get("user"), response::body);
        assertEquals(user, echo.get("principal"), response::body);
        assertEquals("BEARER", echo.get("authType"), response::body);
        return echo;
    }

    /** Asserts that the echo servlet answered for a caller the filter did not authenticate. */
    static void assertAnonymous(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> echo = json(response);
        assertEquals(null, echo.get("principal"), response::body);
        assertEquals(null, echo.get("authType"), response::body);
        assertEquals(null, echo.get("jti"), response::body);
    }
}
