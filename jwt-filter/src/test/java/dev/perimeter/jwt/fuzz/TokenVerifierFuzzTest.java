package dev.perimeter.jwt.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The whole verifier with one fixed configuration (HS256, one issuer and audience, a fixed
 * clock). The first input byte picks a mode: even bytes feed the rest as a raw token; odd bytes
 * read the rest as {@code header JSON \n claims JSON} and sign it with the configured secret, so
 * the fuzzer reaches the header and claim checks behind the signature.
 *
 * <p>Oracles: {@code verify} never throws and answers valid xor a typed rejection; a raw token
 * is valid only if its signature really is the HMAC of its signing input; a valid result always
 * carries the configured issuer, an audience, an unexpired {@code exp} and a principal.
 */
class TokenVerifierFuzzTest {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final byte[] SECRET = TestKeys.utf8(TestKeys.SECRET_256);
    /** Started once for the whole run; memory store and fixed keys hold nothing to close. */
    private static final TokenVerifier VERIFIER = Perimeter.start(JwtConfig.builder()
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .algorithms("HS256")
            .secret(TestKeys.SECRET_256)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()).verifier();

    @FuzzTest(maxDuration = "15s")
    void verify(byte[] data) {
        if (data.length == 0) {
            check(VERIFIER.verify(""), null);
            return;
        }
        String rest = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        if ((data[0] & 1) == 0) {
            VerificationResult result = VERIFIER.verify(rest);
            check(result, rest);
            return;
        }
        int newline = rest.indexOf('\n');
        String header = newline < 0 ? "{\"alg\":\"HS256\"}" : rest.substring(0, newline);
        String claims = newline < 0 ? rest : rest.substring(newline + 1);
        check(VERIFIER.verify(TestTokens.hs256(header, claims, SECRET)), null);
    }

    private static void check(VerificationResult result, String rawToken) {
        assertNotNull(result);
        if (!result.isValid()) {
            assertNotNull(result.rejection(), result::toString);
            return;
        }
        Jwt jwt = result.jwt();
        assertEquals(TestTokens.ISSUER, jwt.issuer());
        assertTrue(jwt.audience().contains(TestTokens.AUDIENCE));
        assertNotNull(jwt.expiresAt(), "exp is required by default");
        assertTrue(NOW.isBefore(jwt.expiresAt().plusSeconds(30)), "expired token admitted");
        assertNotNull(jwt.name());
        if (rawToken != null) {
            String input = rawToken.substring(0, rawToken.lastIndexOf('.'));
            assertEquals(TestTokens.hmacOver(input, "HmacSHA256", SECRET), rawToken,
                    "admitted a token whose signature is not the HMAC of its signing input");
        }
    }
}
