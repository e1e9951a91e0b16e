package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.RawHttp;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens that differ from a valid one only in the case of a letter, sent on the connection that
 * carried the valid one: the container must hand the filter the header as sent. Jetty does only
 * with its header cache made case-sensitive (see docs/security.md), as JettyHarness sets it.
 */
class JwtFilterConnectionReuseTest {

    @Test
    void aTokenWithOneLetterOfItsSignatureInAnotherCaseIsRefusedOnTheSameConnection()
            throws Exception {
        Map<String, String> parameters = Map.of("issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()));
        try (JettyHarness jetty = JettyHarness.withInitParameters(parameters)) {
            String token = TestTokens.rs256(TestTokens.header("RS256", null),
                    TestTokens.claims("alice", Instant.now(), "user"));
            List<String> flips = RawHttp.signatureCaseFlips(token, 8);
            List<String> sent = new ArrayList<>(List.of(token, token));
            sent.addAll(flips);
            List<Integer> expected = new ArrayList<>(List.of(200, 200));
            expected.addAll(Collections.nCopies(flips.size(), 401));
            assertEquals(expected, RawHttp.getOnOneConnection(jetty.port(), "/api/me", sent));
        }
    }
}
