package dev.perimeter.jwt.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.TestTokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * {@code getClaim} answers the types MicroProfile JWT 2.1 gives claims, for tokens a real
 * Perimeter verifier admitted: standard claims as their {@link Claims} type, others as JSON-P
 * (a string as {@code String}).
 */
class PerimeterJsonWebTokenTest {

    @Test
    void standardClaimsHaveTheirClaimsEnumTypes() {
        String token = MpTokens.token("alice", "Echoer", "Tester");
        PerimeterJsonWebToken principal = MpTokens.principal(token);
        long iat = principal.jwt().issuedAt().getEpochSecond();

        assertEquals(TestTokens.ISSUER, principal.getIssuer());
        assertEquals("alice", principal.getSubject());
        assertEquals(principal.jwt().id(), principal.getTokenID());
        assertEquals("alice@example.com", principal.getClaim(Claims.upn));
        assertEquals(Long.valueOf(iat), principal.getClaim(Claims.iat));
        assertEquals(iat, principal.getIssuedAtTime());
        assertEquals(principal.jwt().expiresAt().getEpochSecond(), principal.getExpirationTime());
        assertEquals(Long.valueOf(MpTokens.AUTH_TIME), principal.getClaim("auth_time"));
        assertEquals(Set.of(TestTokens.AUDIENCE), principal.getAudience()); // a string aud
        assertEquals(Set.of("Echoer", "Tester"), principal.getGroups());
        assertEquals(token, principal.getRawToken());
        for (Claims claim : new Claims[] {Claims.iss, Claims.sub, Claims.jti, Claims.upn,
                Claims.iat, Claims.exp, Claims.auth_time, Claims.aud, Claims.groups,
                Claims.raw_token}) {
            assertInstanceOf(claim.getType(), principal.getClaim(claim), claim.name());
        }
    }

    @Test
    void otherClaimsAreJsonPExceptStrings() {
        PerimeterJsonWebToken principal = MpTokens.principal(MpTokens.token("alice"));

        assertEquals("customStringValue", principal.getClaim("customString"));
        JsonNumber integer = principal.getClaim("customInteger");
        assertTrue(integer.isIntegral());
        assertEquals(123456789L, integer.longValueExact());
        JsonNumber decimal = principal.getClaim("customDouble");
        assertEquals(3.141592653589793, decimal.doubleValue());
        assertSame(JsonValue.TRUE, principal.getClaim("customBoolean"));
        JsonArray strings = principal.getClaim("customStringArray");
        assertEquals("value1", strings.getString(1));
        JsonArray doubles = principal.getClaim("customDoubleArray");
        assertEquals(2.2, doubles.getJsonNumber(2).doubleValue());
        JsonObject object = principal.getClaim("customObject");
        assertEquals("group2", object.getJsonObject("my-service").getJsonArray("groups").getString(1));
        // roles is not among the Claims enum: an array like any other claim's
        assertInstanceOf(JsonArray.class, principal.getClaim("roles"));
        assertSame(object, principal.getClaim("customObject"), "converted once");
    }

    @Test
    void anArrayAudienceAndAJsonNullAndAHugeNumberKeepTheirMeaning() {
        String claims = TestTokens.claims("erin", Instant.now());
        claims = claims.replace("\"aud\":\"" + TestTokens.AUDIENCE + "\"",
                "\"aud\":[\"" + TestTokens.AUDIENCE + "\",\"other\"]");
        claims = TestTokens.withClaim(claims, "nothing", "null");
        claims = TestTokens.withClaim(claims, "huge", "123456789012345678901234567890");
        PerimeterJsonWebToken principal = MpTokens.principal(MpTokens.signed(claims));

        assertEquals(Set.of(TestTokens.AUDIENCE, "other"), principal.getAudience());
        assertSame(JsonValue.NULL, principal.getClaim("nothing"));
        assertTrue(principal.containsClaim("nothing"));
        JsonNumber huge = principal.getClaim("huge");
        assertEquals(new BigInteger("123456789012345678901234567890"), huge.bigIntegerValueExact());
    }

    @Test
    void aStandardClaimWhoseJsonDoesNotFitItsEnumTypeIsAnsweredAsJsonPNotGarbled() {
        String claims = TestTokens.claims("frank", Instant.now());
        claims = TestTokens.withClaim(claims, "cnf",
                "{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\"}");
        claims = TestTokens.withClaim(claims, "amr", "[\"pwd\",\"otp\"]");
        claims = TestTokens.withClaim(claims, "address", "{\"country\":\"NZ\"}");
        claims = TestTokens.withClaim(claims, "email_verified", "true");
        claims = TestTokens.withClaim(claims, "updated_at", "1311280970.5");
        PerimeterJsonWebToken principal = MpTokens.principal(MpTokens.signed(claims));

        JsonObject cnf = principal.getClaim(Claims.cnf); // the enum says String
        assertEquals("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", cnf.getString("jkt"));
        JsonArray amr = principal.getClaim(Claims.amr); // the enum says String
        assertEquals(2, amr.size());
        JsonObject address = principal.getClaim(Claims.address); // the enum says JsonObject
        assertEquals("NZ", address.getString("country"));
        assertEquals(Boolean.TRUE, principal.getClaim(Claims.email_verified));
        assertEquals(Long.valueOf(1311280970L), principal.getClaim(Claims.updated_at));
    }

    @Test
    void rawTokenIsTheCompactTokenEvenWhenTheTokenCarriesAClaimOfThatName() {
        String token = MpTokens.signed(TestTokens.withClaim(
                TestTokens.claims("grace", Instant.now()), "raw_token", "\"planted\""));
        PerimeterJsonWebToken principal = MpTokens.principal(token);

        assertEquals(token, principal.getRawToken());
        assertTrue(principal.getClaimNames().contains("raw_token"));
        assertTrue(principal.getClaimNames().containsAll(Set.of("iss", "sub", "aud", "iat",
                "exp", "jti", "groups")));
    }

    @Test
    void anAbsentClaimIsNullAndAnEmptyOptional() {
        PerimeterJsonWebToken principal = MpTokens.principal(MpTokens.token("heidi"));

        assertNull(principal.getClaim("custom-missing"));
        assertNull(principal.getClaim(Claims.nbf));
        assertNull(principal.getClaim((String) null));
        assertEquals(Optional.empty(), principal.claim("custom-missing"));
        assertFalse(principal.containsClaim("custom-missing"));
    }

    @Test
    void theAnonymousTokenIsEmptyAsTheTckExpects() {
        JsonWebToken anonymous = AnonymousJsonWebToken.INSTANCE;

        assertNull(anonymous.getName());
        assertNull(anonymous.getClaimNames());
        assertNull(anonymous.getClaim(""));
        assertNull(anonymous.getRawToken());
        assertNull(anonymous.getGroups());
        assertThrows(NullPointerException.class, anonymous::getExpirationTime);
    }
}
