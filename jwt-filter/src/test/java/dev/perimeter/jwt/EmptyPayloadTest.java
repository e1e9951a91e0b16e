package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.internal.CompactJws;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.Keys;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 7515 allows an empty JWS payload (Wycheproof tcIds 259, 264, 268, 272, 320, 325): the JWS
 * layer verifies it, and the claims layer refuses it, since it is no claim set.
 */
class EmptyPayloadTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    @Test
    void aCompactJwsMayHaveAnEmptyPayloadButNotAnEmptyHeaderOrSignature() {
        CompactJws jws = CompactJws.split("eyJh.." + "c2ln");
        assertNotNull(jws);
        assertEquals(0, jws.decodePayload().length);
        assertNull(CompactJws.split(".e30.c2ln"));
        assertNull(CompactJws.split("eyJh.e30."));
        assertNull(CompactJws.split("eyJh.."));
        assertNull(CompactJws.split(".."));
    }

    @Test
    void theJwsLayerVerifiesASignedEmptyPayload() {
        String token = TestTokens.hs256(HEADER, "", TestKeys.utf8(TestKeys.SECRET_256));
        JwsVerifier verifier = new JwsVerifier(new StaticKeySource(KeySet.of(List.of(
                Keys.secret(TestKeys.utf8(TestKeys.SECRET_256), EnumSet.of(JwsAlgorithm.HS256),
                        "test")))),
                EnumSet.of(JwsAlgorithm.HS256), TokenTypes.of(List.of("JWT")));

        JwsVerifier.Outcome outcome = verifier.verify(token);

        assertTrue(outcome.isVerified());
        assertEquals(0, outcome.verified().payload().length);
    }

    @Test
    void aTokenWithAnEmptyPayloadIsStillRejectedAsMalformed() {
        String token = TestTokens.hs256(HEADER, "", TestKeys.utf8(TestKeys.SECRET_256));
        TokenVerifier verifier = perimeters.verifier(JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .algorithms("HS256")
                .secret(TestKeys.SECRET_256)
                .build());

        VerificationResult result = verifier.verify(token);

        assertFalse(result.isValid());
        assertEquals(Rejection.MALFORMED, result.rejection());
    }
}
