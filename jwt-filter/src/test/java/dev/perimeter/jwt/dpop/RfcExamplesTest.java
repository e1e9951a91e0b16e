package dev.perimeter.jwt.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.bearer.BearerRequest;
import dev.perimeter.jwt.internal.StrictJson;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 9449 (and the thumbprint example of RFC 7638) checked by Perimeter's code:
 * the proofs of figures 4 and 13 verify at their own time, the example key's thumbprint is the
 * {@code jkt} the RFC shows, and the example token's {@code ath} is the RFC's.
 */
class RfcExamplesTest {

    /** The header of both example proofs: typ, ES256 and the example P-256 key. */
    private static final String HEADER = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6"
            + "IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFN"
            + "GpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19";
    /** Figure 4: a proof for the token request, POST https://server.example.com/token. */
    private static final String TOKEN_REQUEST_PROOF = HEADER + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRj"
            + "IiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNT"
            + "YyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70n"
            + "fbV37xRZT3Lg";
    /** Figure 13: a proof for GET https://resource.example.org/protectedresource with ath. */
    private static final String RESOURCE_PROOF = HEADER + ".eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwia"
            + "HRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSI"
            + "sImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbV"
            + "FFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxh"
            + "AJpLjA";
    /** The access token of figure 12. */
    private static final String ACCESS_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    private static final String JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    @Test
    void theExampleKeysThumbprintIsTheJktOfSection6() throws Exception {
        String jwk = "{\"kty\":\"EC\",\"x\":\"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs\","
                + "\"y\":\"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA\",\"crv\":\"P-256\"}";
        assertEquals(JKT, JwkThumbprint.of(StrictJson.parseObject(jwk.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theRsaThumbprintIsThatOfRfc7638Section3() throws Exception {
        String jwk = "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbf"
                + "AAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBX"
                + "Arwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6q"
                + "MQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBni"
                + "Iqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\","
                + "\"kid\":\"2011-04-29\"}";
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
                JwkThumbprint.of(StrictJson.parseObject(jwk.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theExampleTokensAthIsThatOfFigure13() {
        assertEquals("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo",
                new String(DpopVerifier.tokenHash(ACCESS_TOKEN), StandardCharsets.US_ASCII));
    }

    @Test
    void theTokenRequestProofOfFigure4VerifiesAtItsTime() {
        DpopVerifier verifier = verifier("https://server.example.com", 1562262616);
        DpopResult result = verifier.check(request("POST", "/token", TOKEN_REQUEST_PROOF), null);
        assertTrue(result.isValid(), result.toString());
        assertEquals(JKT, result.thumbprint());
    }

    @Test
    void theResourceProofOfFigure13VerifiesWithItsToken() {
        DpopVerifier verifier = verifier("https://resource.example.org", 1562262620);
        DpopResult result = verifier.check(request("GET", "/protectedresource", RESOURCE_PROOF), ACCESS_TOKEN);
        assertTrue(result.isValid(), result.toString());
        assertEquals(JKT, result.thumbprint());
    }

    @Test
    void theExampleProofsFailWhereTheyDoNotFit() {
        DpopVerifier late = verifier("https://server.example.com", 1562262616 + 61);
        assertEquals("the DPoP proof is too old",
                late.check(request("POST", "/token", TOKEN_REQUEST_PROOF), null).description());
        DpopVerifier resource = verifier("https://resource.example.org", 1562262618);
        assertEquals("the DPoP proof's ath is not the hash of this token", resource.check(
                request("GET", "/protectedresource", RESOURCE_PROOF), ACCESS_TOKEN + "x").description());
        assertEquals("the DPoP proof's htu is not this request's URL", resource.check(
                request("GET", "/other", RESOURCE_PROOF), ACCESS_TOKEN).description());
        DpopVerifier onceOnly = verifier("https://resource.example.org", 1562262618);
        assertTrue(onceOnly.check(request("GET", "/protectedresource", RESOURCE_PROOF), ACCESS_TOKEN).isValid());
        DpopResult replay = onceOnly.check(request("GET", "/protectedresource", RESOURCE_PROOF), ACCESS_TOKEN);
        assertFalse(replay.isValid());
        assertEquals(DpopResult.Failure.REPLAYED, replay.failure());
    }

    static DpopVerifier verifier(String url, long epochSecond) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        DpopSettings settings = new DpopSettings(DpopMode.ALLOWED, List.of(url),
                EnumSet.of(JwsAlgorithm.ES256, JwsAlgorithm.RS256), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 1000, false, Duration.ofSeconds(300), null, 8192, null, clock);
        return new DpopVerifier(settings, null);
    }

    static BearerRequest request(String method, String path, String... proofs) {
        return new BearerRequest() {
            @Override
            public List<String> headerValues(String name) {
                return name.equals("DPoP") ? List.of(proofs) : List.of();
            }

            @Override
            public String remoteAddress() {
                return "192.0.2.1";
            }

            @Override
            public String requestPath() {
                return path;
            }

            @Override
            public X509Certificate clientCertificate() {
                return null;
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public String header(String name) {
                List<String> values = headerValues(name);
                return values.isEmpty() ? null : values.get(0);
            }

            @Override
            public List<String> cookieValues(String name) {
                return List.of();
            }

            @Override
            public String scheme() {
                return "https";
            }

            @Override
            public String host() {
                return "attacker.example";
            }

            @Override
            public int port() {
                return 443;
            }
        };
    }
}
