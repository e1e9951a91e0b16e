package dev.perimeter.jwt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CompactJwsTest {

    @Test
    void threeCanonicalSegmentsSplit() {
        CompactJws jws = CompactJws.split("eyJhIjoxfQ.Zm9v.c2ln");
        assertNotNull(jws);
        assertEquals("eyJhIjoxfQ", jws.encodedHeader());
        assertEquals("Zm9v", jws.encodedPayload());
        assertEquals("c2ln", jws.encodedSignature());
        assertEquals("foo", new String(jws.decodePayload(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void missingOrExtraSegmentsAreRefused() {
        assertNull(CompactJws.split(""));
        assertNull(CompactJws.split("abc"));
        assertNull(CompactJws.split("a.b"));
        assertNull(CompactJws.split("eyJhIjoxfQ.Zm9v.c2ln.c2ln"));
        assertNull(CompactJws.split("eyJhIjoxfQ.Zm9v.c2ln."));
    }

    @Test
    void anEmptyHeaderOrSignatureIsRefused() {
        assertNull(CompactJws.split(".Zm9v.c2ln"));
        assertNull(CompactJws.split("eyJhIjoxfQ.Zm9v."));
    }

    @Test
    void anEmptyPayloadSplitsSinceRfc7515AllowsIt() {
        CompactJws jws = CompactJws.split("eyJhIjoxfQ..c2ln");
        assertNotNull(jws);
        assertEquals(0, jws.decodePayload().length);
    }

    @Test
    void nonCanonicalSegmentsAreRefused() {
        assertNull(CompactJws.split("eyJhIjoxfQ==.Zm9v.c2ln"));
        assertNull(CompactJws.split("eyJhIjoxfQ.Zm9v.c2lu+"));
        assertNull(CompactJws.split("eyJhIjoxfR.Zm9v.c2ln"));
    }
}
