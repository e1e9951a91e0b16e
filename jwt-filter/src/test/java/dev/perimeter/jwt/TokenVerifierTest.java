package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verifier on its own, without servlets, as jwt-cdi and JAX-RS use it. */
class TokenVerifierTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private static JwtConfig.Builder config() {
        return JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.SECRET_256)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String token(String claims) {
        return TestTokens.hs256(HEADER, claims, TestKeys.utf8(TestKeys.SECRET_256));
    }

    private static String claims(String extra) {
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"exp\":" + (NOW.getEpochSecond() + 60) + extra + "}";
    }

    @Test
    void aValidTokenYieldsItsClaimsPrincipalAndRoles() {
        VerificationResult result = perimeters.verifier(config().build()).verify(token(claims(
                ",\"sub\":\"u-1\",\"jti\":\"j-1\",\"iat\":" + NOW.getEpochSecond()
                        + ",\"groups\":[\"user\",\"admin\"]")));
        assertTrue(result.isValid(), result::toString);
        Jwt jwt = result.jwt();
        assertEquals("u-1", jwt.name());
        assertEquals("u-1", jwt.subject());
        assertEquals("j-1", jwt.id());
        assertEquals(TestTokens.ISSUER, jwt.issuer());
        assertEquals(List.of(TestTokens.AUDIENCE), jwt.audience());
        assertEquals(Set.of("user", "admin"), jwt.roles());
        assertEquals(NOW.plusSeconds(60), jwt.expiresAt());
        assertEquals(NOW, jwt.issuedAt());
        assertNull(jwt.notBefore());
        assertEquals(JwsAlgorithm.HS256, jwt.algorithm());
        assertFalse(jwt.toString().contains("."), "toString shows no token text");
    }

    @Test
    void rolesMergeFromSeveralClaimPathsIncludingScopeStringsAndNestedObjects() {
        TokenVerifier verifier = perimeters.verifier(config()
                .set("roles-claim", "groups, scope, realm_access.roles").build());
        Jwt jwt = verifier.verify(token(claims(",\"sub\":\"s\",\"groups\":[\"g\"],"
                + "\"scope\":\"read  write\",\"realm_access\":{\"roles\":[\"r1\",7,\"r2\"]}"))).jwt();
        assertEquals(Set.of("g", "read", "write", "r1", "r2"), jwt.roles());
    }

    @Test
    void thePrincipalIsTheFirstPresentPrincipalClaim() {
        TokenVerifier verifier = perimeters.verifier(config().build());
        assertEquals("alice.u", verifier.verify(token(claims(
                ",\"sub\":\"s-1\",\"preferred_username\":\"alice\",\"upn\":\"alice.u\""))).jwt().name());
        assertEquals("alice", verifier.verify(token(claims(
                ",\"sub\":\"s-1\",\"preferred_username\":\"alice\""))).jwt().name());
    }

    @Test
    void aTokenWithNoPrincipalClaimIsRejected() {
        VerificationResult result = perimeters.verifier(config().build()).verify(token(claims("")));
        assertEquals(Rejection.MISSING_CLAIM, result.rejection());
    }

    @Test
    void maxAgeRejectsTokensIssuedTooLongAgoAndTokensWithoutIat() {
        TokenVerifier verifier = perimeters.verifier(config().set("max-age", "600").build());
        long old = NOW.getEpochSecond() - 600 - 31;
        assertEquals(Rejection.TOO_OLD, verifier.verify(token(claims(
                ",\"sub\":\"s\",\"iat\":" + old))).rejection());
        assertTrue(verifier.verify(token(claims(
                ",\"sub\":\"s\",\"iat\":" + (old + 2)))).isValid());
        assertEquals(Rejection.MISSING_CLAIM, verifier.verify(token(claims(",\"sub\":\"s\"")))
                .rejection());
    }

    @Test
    void maxAgeWithoutLeewayIsExact() {
        TokenVerifier verifier = perimeters.verifier(config().set("max-age", "600")
                .set("max-age-leeway", "false").build());
        long justTooOld = NOW.getEpochSecond() - 601;
        assertEquals(Rejection.TOO_OLD, verifier.verify(token(claims(
                ",\"sub\":\"s\",\"iat\":" + justTooOld))).rejection());
        assertTrue(verifier.verify(token(claims(
                ",\"sub\":\"s\",\"iat\":" + (justTooOld + 1)))).isValid());
    }

    @Test
    void requiredClaimsMustBePresentAndNotNull() {
        TokenVerifier verifier = perimeters.verifier(config().set("required-claims", "exp, jti").build());
        VerificationResult result = verifier.verify(token(claims(",\"sub\":\"s\",\"jti\":null")));
        assertEquals(Rejection.MISSING_CLAIM, result.rejection());
        assertEquals("the token lacks the required claim jti", result.description());
    }

    @Test
    void aFractionalExpIsANumericDate() {
        TokenVerifier verifier = perimeters.verifier(config().build());
        String claims = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"sub\":\"s\",\"exp\":" + (NOW.getEpochSecond() + 10) + ".5}";
        assertTrue(verifier.verify(token(claims)).isValid());
    }

    @Test
    void aRevokedTokenAndARevokedSubjectAreRejected() {
        JwtConfig config = config().build();
        Perimeter perimeter = perimeters.start(config);
        TokenVerifier verifier = perimeter.verifier();
        String token = token(claims(",\"sub\":\"s\",\"jti\":\"j-9\",\"iat\":" + NOW.getEpochSecond()));
        assertTrue(verifier.verify(token).isValid());
        perimeter.revocationStore().revokeToken("j-9", NOW.plusSeconds(60));
        assertEquals(Rejection.REVOKED, verifier.verify(token).rejection());

        String other = token(claims(",\"sub\":\"t\",\"jti\":\"j-10\",\"iat\":" + NOW.getEpochSecond()));
        perimeter.revocationStore().revokeSubject("t", NOW.plusSeconds(1));
        assertEquals(Rejection.REVOKED, verifier.verify(other).rejection());
    }

    @Test
    void nullEmptyAndOverlongInputAreRejectedWithoutThrowing() {
        TokenVerifier verifier = perimeters.verifier(config().set("max-token-length", "100").build());
        assertEquals(Rejection.MALFORMED, verifier.verify(null).rejection());
        assertEquals(Rejection.MALFORMED, verifier.verify("").rejection());
        assertEquals(Rejection.TOO_LONG, verifier.verify("a".repeat(101)).rejection());
    }

    @Test
    void leewayIsConfigurable() {
        TokenVerifier strict = perimeters.verifier(config().leeway(Duration.ZERO).build());
        String expiredNow = token("{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"sub\":\"s\",\"exp\":" + NOW.getEpochSecond() + "}");
        assertEquals(Rejection.EXPIRED, strict.verify(expiredNow).rejection());
        assertTrue(perimeters.verifier(config().build()).verify(expiredNow).isValid());
    }
}
