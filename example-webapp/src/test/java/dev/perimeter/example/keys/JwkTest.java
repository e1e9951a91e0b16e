package dev.perimeter.example.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwkTest {

    @Test
    void theThumbprintOfRfc7638sExampleKeyIsTheRfcs() throws Exception {
        Base64.Decoder decoder = Base64.getUrlDecoder();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, decoder.decode("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx"
                        + "4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5J"
                        + "sGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZ"
                        + "gnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4l"
                        + "Fd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")),
                new BigInteger(1, decoder.decode("AQAB"))));
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", Jwk.thumbprint(key));
    }

    @Test
    void anEcJwkHasFullLengthCoordinatesAndTheBindingMembers() {
        for (int i = 0; i < 20; i++) { // some points have leading zero bytes
            Map<String, Object> jwk = Jwk.of(SigningAlgorithm.ES256.generate().getPublic(), "k",
                    SigningAlgorithm.ES256);
            assertEquals("EC", jwk.get("kty"));
            assertEquals("P-256", jwk.get("crv"));
            assertEquals(32, Base64.getUrlDecoder().decode((String) jwk.get("x")).length);
            assertEquals(32, Base64.getUrlDecoder().decode((String) jwk.get("y")).length);
            assertEquals("ES256", jwk.get("alg"));
            assertEquals("sig", jwk.get("use"));
            assertEquals("k", jwk.get("kid"));
        }
    }
}
