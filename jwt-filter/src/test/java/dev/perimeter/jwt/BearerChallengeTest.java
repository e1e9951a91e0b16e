package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void noTokenIsA401WithABareChallengeAndTheRealmWhenThereIsOne() {
        assertEquals("Bearer", BearerChallenge.noToken(null).challenge());
        BearerChallenge answer = BearerChallenge.noToken("api");
        assertEquals(401, answer.status());
        assertEquals("Bearer realm=\"api\"", answer.challenge());
        assertEquals("{\"error\":\"unauthorized\",\"error_description\":\"a bearer token is required\"}",
                answer.body());
    }

    @Test
    void anInvalidTokenNamesTheErrorAndItsDescriptionInTheChallengeAndTheBody() {
        BearerChallenge answer = BearerChallenge.invalidToken("api", "the token has expired");
        assertEquals(401, answer.status());
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\","
                + " error_description=\"the token has expired\"", answer.challenge());
        assertEquals("{\"error\":\"invalid_token\",\"error_description\":\"the token has expired\"}",
                answer.body());
    }

    @Test
    void insufficientScopeIsA403NamingTheAcceptedRoles() {
        BearerChallenge answer = BearerChallenge.insufficientScope(null, "admin auditor");
        assertEquals(403, answer.status());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"the token lacks the"
                + " role this resource requires\", scope=\"admin auditor\"", answer.challenge());
    }

    @Test
    void denialsWithoutAChallengeAndUnavailabilityCarryNoWwwAuthenticate() {
        assertNull(BearerChallenge.denied().challenge());
        assertNull(BearerChallenge.csrfRejected().challenge());
        BearerChallenge unavailable = BearerChallenge.unavailable("signing keys are not available");
        assertEquals(503, unavailable.status());
        assertNull(unavailable.challenge());
        assertEquals("5", unavailable.headers().get("Retry-After"));
    }

    @Test
    void everyAnswerForbidsCaching() {
        assertEquals("no-store", BearerChallenge.invalidRequest(null, "x").headers().get("Cache-Control"));
        assertEquals("no-cache", BearerChallenge.denied().headers().get("Pragma"));
    }

    @Test
    void everyAnswerForbidsSniffing() {
        for (BearerChallenge answer : new BearerChallenge[] {BearerChallenge.noToken(null),
                BearerChallenge.invalidToken(null, "x"), BearerChallenge.denied(),
                BearerChallenge.csrfRejected(), BearerChallenge.unavailable("x"),
                BearerChallenge.insufficientScope(null, "admin")}) {
            assertEquals("nosniff", answer.headers().get("X-Content-Type-Options"));
        }
    }

    @Test
    void quotesAndControlCharactersCannotBreakTheHeaderOrTheJson() {
        BearerChallenge answer = BearerChallenge.invalidRequest(null, "a \"b\" \\ c\n");
        assertEquals("Bearer error=\"invalid_request\", error_description=\"a ?b? ? c?\"",
                answer.challenge());
        assertEquals("{\"error\":\"invalid_request\",\"error_description\":\"a \\\"b\\\" \\\\ c\\u000a\"}",
                answer.body());
    }

    @Test
    void theStepUpChallengeNamesAcrValuesAndMaxAgeWhenGivenAndIsA401WithTheContractsBody() {
        BearerChallenge both = BearerChallenge.insufficientUserAuthentication(null,
                "a stronger authentication is required", "mfa phr", "300");
        assertEquals(401, both.status());
        assertEquals("Bearer error=\"insufficient_user_authentication\","
                + " error_description=\"a stronger authentication is required\","
                + " acr_values=\"mfa phr\", max_age=\"300\"", both.challenge());
        assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":"
                + "\"a stronger authentication is required\"}", both.body());
        assertEquals("no-store", both.headers().get("Cache-Control"));
        assertEquals("Bearer realm=\"r\", error=\"insufficient_user_authentication\","
                + " error_description=\"d\", max_age=\"0\"",
                BearerChallenge.insufficientUserAuthentication("r", "d", null, "0").challenge());
        assertEquals("Bearer error=\"insufficient_user_authentication\", error_description=\"d\","
                + " acr_values=\"x\"",
                BearerChallenge.insufficientUserAuthentication(null, "d", "x", null).challenge());
    }
}
