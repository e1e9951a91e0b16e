package dev.perimeter.jwt.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.internal.CompactJws;
import java.nio.charset.StandardCharsets;

/**
 * The pre-checks a token meets first: splitting into segments and canonical base64url. Any
 * exception is a finding; so is a segment accepted as canonical whose bytes encode back to a
 * different spelling, since canonical means exactly one spelling per byte string.
 */
class CompactJwsFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void splitAndDecode(byte[] data) {
        String token = new String(data, StandardCharsets.UTF_8);
        CompactJws jws = CompactJws.split(token);
        if (jws != null) {
            assertEquals(jws.encodedHeader(), Base64Url.encode(jws.decodeHeader()));
            assertEquals(jws.encodedPayload(), Base64Url.encode(jws.decodePayload()));
            assertEquals(token, jws.encodedHeader() + "." + jws.encodedPayload() + "."
                    + jws.encodedSignature());
        }
        byte[] decoded = Base64Url.decodeCanonical(token);
        if (decoded != null) {
            assertEquals(token, Base64Url.encode(decoded));
        }
    }
}
