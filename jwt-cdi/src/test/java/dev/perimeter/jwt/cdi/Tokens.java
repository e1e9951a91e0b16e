package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Instant;

/** Verified tokens for CDI tests, minted with jwt-filter's fixtures and checked by its verifier. */
public final class Tokens {

    public static final String REALM = "perimeter-test";

    /** Started for the whole test run: fixed keys and a memory store hold nothing to close. */
    private static final TokenVerifier VERIFIER = Perimeter.start(config()).verifier();

    private Tokens() {
    }

    /** The configuration every test server and verifier here uses. */
    public static JwtConfig config() {
        return configBuilder().build();
    }

    /** {@link #config()} before it is built, for a test that sets more. */
    public static JwtConfig.Builder configBuilder() {
        return JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("realm", REALM);
    }

    /** A signed RS256 token for {@code subject} with {@code groups} as roles. */
    public static String token(String subject, String... groups) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims(subject, Instant.now(), groups));
    }

    /** A signed RS256 token with the given claims JSON. */
    public static String tokenWithClaims(String claimsJson) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"), claimsJson);
    }

    /** A verified token for {@code subject} with {@code groups} as roles. */
    public static Jwt jwt(String subject, String... groups) {
        return verify(token(subject, groups));
    }

    public static Jwt verify(String token) {
        return VERIFIER.verify(token).jwt();
    }

    public static TokenVerifier verifier() {
        return VERIFIER;
    }
}
