package dev.perimeter.example.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemKeyPairsTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = PemKeyPairsTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void anOpenSslRsaKeyYieldsItsPublicHalf() throws Exception {
        KeyPair pair = PemKeyPairs.read(resource("rsa-openssl.pem"));
        assertTrue(pair.getPublic() instanceof RSAPublicKey);
        assertEquals(SigningAlgorithm.RS256, SigningAlgorithm.forKey(pair.getPrivate()));
    }

    @Test
    void anOpenSslEcKeyYieldsThePublicPointItCarries() throws Exception {
        KeyPair pair = PemKeyPairs.read(resource("ec-openssl.pem"));
        assertTrue(pair.getPublic() instanceof ECPublicKey);
        assertEquals(SigningAlgorithm.ES256, SigningAlgorithm.forKey(pair.getPrivate()));
    }

    @Test
    void whatItWritesItReadsForBothKinds() {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            KeyPair pair = algorithm.generate();
            KeyPair read = PemKeyPairs.read(PemKeyPairs.write(pair));
            assertEquals(pair.getPublic(), read.getPublic());
            assertEquals(pair.getPrivate(), read.getPrivate());
        }
    }

    @Test
    void anEcKeyWithoutItsPublicPointAsksForIt() {
        KeyPair jdk = SigningAlgorithm.ES256.generate(); // the JDK's PKCS#8 leaves the point out
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(jdk.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemKeyPairs.read(pem));
        assertTrue(e.getMessage().contains("PUBLIC KEY"), e.getMessage());
    }

    @Test
    void otherFormsAreRefusedWithAHint() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PemKeyPairs.read(
                resource("rsa-pkcs1.pem"))).getMessage().contains("openssl pkcs8 -topk8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PemKeyPairs.read("not a key"))
                .getMessage().contains("PRIVATE KEY"));
        String mismatched = PemKeyPairs.write(new KeyPair(SigningAlgorithm.RS256.generate().getPublic(),
                SigningAlgorithm.RS256.generate().getPrivate()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PemKeyPairs.read(mismatched))
                .getMessage().contains("does not belong"));
    }
}
