package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Instant;

/**
 * Signed tokens for these tests (jwt-filter's fixtures) and their verified {@link Jwt}s from a
 * real Perimeter verifier, never hand-built.
 */
final class MpTokens {

    /** Fixed keys and a memory store hold nothing to close: started once for the run. */
    private static final TokenVerifier VERIFIER = Perimeter.start(JwtConfig.builder()
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
            .build()).verifier();

    static final long AUTH_TIME = 1311280969L;

    private MpTokens() {
    }

    /**
     * A token for {@code subject} with the claims of the TCK's Token1.json beside the ordinary
     * ones: upn, auth_time, roles and the custom claims of every JSON type.
     */
    static String token(String subject, String... groups) {
        String claims = TestTokens.claims(subject, Instant.now(), groups);
        claims = TestTokens.withClaim(claims, "upn", "\"" + subject + "@example.com\"");
        claims = TestTokens.withClaim(claims, "auth_time", Long.toString(AUTH_TIME));
        claims = TestTokens.withClaim(claims, "roles", "[\"Echoer\"]");
        claims = TestTokens.withClaim(claims, "customString", "\"customStringValue\"");
        claims = TestTokens.withClaim(claims, "customInteger", "123456789");
        claims = TestTokens.withClaim(claims, "customDouble", "3.141592653589793");
        claims = TestTokens.withClaim(claims, "customBoolean", "true");
        claims = TestTokens.withClaim(claims, "customStringArray", "[\"value0\",\"value1\",\"value2\"]");
        claims = TestTokens.withClaim(claims, "customIntegerArray", "[0,1,2,3]");
        claims = TestTokens.withClaim(claims, "customDoubleArray", "[0.1,1.1,2.2]");
        claims = TestTokens.withClaim(claims, "customObject",
                "{\"my-service\":{\"groups\":[\"group1\",\"group2\"],\"roles\":[\"role-in-my-service\"]}}");
        return signed(claims);
    }

    static String signed(String claimsJson) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"), claimsJson);
    }

    static Jwt verify(String token) {
        return VERIFIER.verify(token).jwt();
    }

    static TokenVerifier verifier() {
        return VERIFIER;
    }

    /** The principal the filter makes of {@code token}. */
    static PerimeterJsonWebToken principal(String token) {
        return new PerimeterJsonWebToken(verify(token), token);
    }
}
