package dev.perimeter.jwt.access;

import static dev.perimeter.jwt.testing.TestTokens.AUDIENCE;
import static dev.perimeter.jwt.testing.TestTokens.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Perimeters;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code acr=} and {@code max-age=} segments of {@code rules} (RFC 9470 step-up): how they attach
 * to the rule before them, what fails start-up, and {@link StepUpRequirement#shortfall} on real
 * verified tokens.
 */
class StepUpRulesTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration LEEWAY = Duration.ofSeconds(30);

    private static JwtConfig.Builder valid() {
        return JwtConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()));
    }

    private static List<AccessRule> rules(String text) {
        return valid().rules(text).build().rules();
    }

    @Test
    void theIssuesSyntaxAttachesAcrAndMaxAgeToTheRuleBefore() {
        List<AccessRule> rules = rules("/api/payments/* = user; acr=mfa; max-age=300; /api/* = *");
        assertEquals(2, rules.size());
        AccessRule payments = rules.get(0);
        assertEquals(AccessRule.Kind.ROLES, payments.kind());
        assertEquals(Set.of("user"), payments.roles());
        assertEquals(Set.of("mfa"), payments.stepUp().acrValues());
        assertEquals(Duration.ofSeconds(300), payments.stepUp().maxAge());
        assertEquals("/api/payments/* = user; acr=mfa; max-age=300", payments.toString());
        assertNull(rules.get(1).stepUp());
    }

    @Test
    void acrValuesAreSpaceSeparatedAndSegmentsMayStandOnTheirOwnLines() {
        List<AccessRule> rules = rules("[POST] /api/transfer/* = *\n  acr=mfa  phr\n"
                + "/api/profile/* = user\nmax-age=60");
        assertEquals(2, rules.size());
        assertEquals(AccessRule.Kind.AUTHENTICATED, rules.get(0).kind());
        assertEquals(List.of("mfa", "phr"), List.copyOf(rules.get(0).stepUp().acrValues()));
        assertNull(rules.get(0).stepUp().maxAge());
        assertEquals("mfa phr", rules.get(0).stepUp().challengeAcrValues());
        assertNull(rules.get(0).stepUp().challengeMaxAge());
        assertEquals(Set.of(), rules.get(1).stepUp().acrValues());
        assertEquals("60", rules.get(1).stepUp().challengeMaxAge());
    }

    @Test
    void theRulesWrittenBackParseToTheSameRules() {
        String text = "/api/payments/* = user; acr=mfa phr; max-age=300; /api/* = *";
        List<AccessRule> rules = rules(text);
        String written = String.join("; ", rules.stream().map(AccessRule::toString).toList());
        assertEquals(text, written);
        List<AccessRule> again = rules(written);
        assertEquals(rules.get(0).stepUp(), again.get(0).stepUp());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "acr=mfa; /api/* = user",
            "max-age=300",
            "/open/* = permit; acr=mfa",
            "/closed/* = deny; max-age=10",
            "/api/* = user; acr=",
            "/api/* = user; acr=mfa; acr=phr",
            "/api/* = user; max-age=300; max-age=60",
            "/api/* = user; max-age=-5",
            "/api/* = user; max-age=5m",
            "/api/* = user; max-age=",
            "/api/* = user; acr=m\"fa"})
    void aMisplacedOrMalformedStepUpSegmentFailsNamingRules(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> rules(text));
        assertEquals("rules", e.parameter(), e.getMessage());
        assertTrue(e.getMessage().contains("'rules'"), e.getMessage());
    }

    @Test
    void aBareAcrOrMaxAgeWordWithoutEqualsIsNotAStepUpSegment() {
        // "acr" alone is no segment of a rule and no rule: it fails as a rule without '='
        ConfigException e = assertThrows(ConfigException.class, () -> rules("/api/* = user; acr"));
        assertTrue(e.getMessage().contains("no '='"), e.getMessage());
    }

    // --- shortfall on verified tokens ---

    private Jwt verified(String extraClaims) {
        String claims = TestTokens.claims("alice", NOW, "user");
        claims = claims.substring(0, claims.length() - 1) + extraClaims + "}";
        String token = TestTokens.rs256(TestTokens.header("RS256", null), claims);
        VerificationResult result = perimeters.start(valid()
                .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build())
                .verifier().verify(token);
        assertTrue(result.isValid(), result::toString);
        return result.jwt();
    }

    private static StepUpRequirement mfaWithin300() {
        return StepUpRequirement.of(Set.of("mfa", "phr"), Duration.ofSeconds(300));
    }

    @Test
    void aTokenWithAnAcceptedAcrAndARecentAuthTimeMeetsTheRequirement() {
        Jwt jwt = verified(",\"acr\":\"phr\",\"auth_time\":" + (NOW.getEpochSecond() - 299));
        assertNull(mfaWithin300().shortfall(jwt, NOW, LEEWAY));
    }

    @Test
    void theLeewayExtendsMaxAgeAndNoFurther() {
        long authTime = NOW.getEpochSecond() - 330;
        Jwt jwt = verified(",\"acr\":\"mfa\",\"auth_time\":" + authTime);
        assertNull(mfaWithin300().shortfall(jwt, NOW, LEEWAY), "300 s plus 30 s leeway");
        assertEquals("a more recent authentication is required",
                mfaWithin300().shortfall(jwt, NOW.plusSeconds(1), LEEWAY));
        assertEquals("a more recent authentication is required",
                mfaWithin300().shortfall(jwt, NOW, Duration.ZERO));
    }

    @Test
    void aWeakMissingOrNonStringAcrFallsShort() {
        long recent = NOW.getEpochSecond() - 10;
        for (String acr : List.of("\"acr\":\"pwd\",", "\"acr\":\"MFA\",", "\"acr\":[\"mfa\"],",
                "\"acr\":2,", "")) {
            Jwt jwt = verified("," + acr + "\"auth_time\":" + recent);
            assertEquals("a stronger authentication is required",
                    mfaWithin300().shortfall(jwt, NOW, LEEWAY), acr);
        }
    }

    @Test
    void aMissingFutureOrNonNumericAuthTimeFallsShort() {
        for (String authTime : List.of("", ",\"auth_time\":\"" + NOW.getEpochSecond() + "\"",
                ",\"auth_time\":" + (NOW.getEpochSecond() + 31),
                ",\"auth_time\":123456789012345678901234567890", ",\"auth_time\":true")) {
            Jwt jwt = verified(",\"acr\":\"mfa\"" + authTime);
            assertEquals("a more recent authentication is required",
                    mfaWithin300().shortfall(jwt, NOW, LEEWAY), authTime);
        }
        Jwt fraction = verified(",\"acr\":\"mfa\",\"auth_time\":" + (NOW.getEpochSecond() - 100) + ".75");
        assertNull(mfaWithin300().shortfall(fraction, NOW, LEEWAY), "a fractional auth_time counts");
    }

    @Test
    void anAcrOnlyRequirementIgnoresAuthTimeAndAMaxAgeOnlyOneIgnoresAcr() {
        Jwt old = verified(",\"acr\":\"mfa\",\"auth_time\":1");
        assertNull(StepUpRequirement.of(Set.of("mfa"), null).shortfall(old, NOW, LEEWAY));
        Jwt weak = verified(",\"auth_time\":" + NOW.getEpochSecond());
        assertNull(StepUpRequirement.of(Set.of(), Duration.ofSeconds(5)).shortfall(weak, NOW, LEEWAY));
        assertThrows(IllegalArgumentException.class, () -> StepUpRequirement.of(Set.of(), null));
    }
}
