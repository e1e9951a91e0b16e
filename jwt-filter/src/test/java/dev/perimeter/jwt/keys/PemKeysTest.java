package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    @Test
    void anRsaPublicKeyParses() {
        PublicKey key = TestKeys.RSA.getPublic();

        assertSameKey(key, PemKeys.parsePublicKey(TestKeys.pem(key)));
    }

    @Test
    void anEcPublicKeyParses() {
        for (PublicKey key : List.of(TestKeys.EC_P256.getPublic(), TestKeys.EC_P384.getPublic(),
                TestKeys.EC_P521.getPublic())) {
            assertSameKey(key, PemKeys.parsePublicKey(TestKeys.pem(key)));
        }
    }

    @Test
    void anEd25519PublicKeyParses() {
        PublicKey key = TestKeys.ED25519.getPublic();

        assertSameKey(key, PemKeys.parsePublicKey(TestKeys.pem(key)));
    }

    @Test
    void windowsLineEndingsAndSurroundingTextAreTolerated() {
        PublicKey key = TestKeys.EC_P256.getPublic();
        String pem = "Subject: test\r\n" + TestKeys.pem(key).replace("\n", "\r\n") + "trailing\r\n";

        assertSameKey(key, PemKeys.parsePublicKey(pem));
    }

    @Test
    void aCertificateMadeByKeytoolYieldsItsPublicKey(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store.p12");
        Path certificate = dir.resolve("cert.pem");
        keytool("-genkeypair", "-alias", "perimeter", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=perimeter-test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "perimeter", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-file", certificate.toString());
        String pem = Files.readString(certificate, StandardCharsets.US_ASCII);
        assertTrue(pem.contains("-----BEGIN CERTIFICATE-----"), pem);

        PublicKey key = PemKeys.parsePublicKey(pem);

        assertSameKey(storedCertificateKey(store), key);
        assertEquals(JwsAlgorithm.RS256,
                Keys.publicKey(key, EnumSet.of(JwsAlgorithm.RS256), "cert").algorithm());
    }

    @Test
    void textWithoutAPemBlockIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemKeys.parsePublicKey("not a key at all"));

        assertTrue(e.getMessage().contains("no PEM block"), e.getMessage());
        assertTrue(e.getMessage().contains("BEGIN PUBLIC KEY"), e.getMessage());
    }

    @Test
    void aPublicKeyBlockOfGarbageIsRefusedWithAClearMessage() {
        String pem = block("PUBLIC KEY", Base64.getEncoder().encodeToString(
                "definitely not DER".getBytes(StandardCharsets.US_ASCII)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemKeys.parsePublicKey(pem));
        assertEquals("PUBLIC KEY is not an RSA, EC or Ed25519 key", e.getMessage());
    }

    @Test
    void aCertificateBlockOfGarbageIsRefusedWithAClearMessage() {
        String pem = block("CERTIFICATE", Base64.getEncoder().encodeToString(
                "definitely not DER".getBytes(StandardCharsets.US_ASCII)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemKeys.parsePublicKey(pem));
        assertEquals("CERTIFICATE does not parse as X.509", e.getMessage());
    }

    @Test
    void aBlockThatIsNotBase64IsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemKeys.parsePublicKey(block("PUBLIC KEY", "QQ=Q")));

        assertTrue(e.getMessage().contains("not valid base64"), e.getMessage());
    }

    @Test
    void aPrivateKeyBlockIsRefusedAsUnsupported() {
        String pem = block("PRIVATE KEY", Base64.getMimeEncoder().encodeToString(
                TestKeys.RSA.getPrivate().getEncoded()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemKeys.parsePublicKey(pem));
        assertTrue(e.getMessage().contains("unsupported PEM block PRIVATE KEY"), e.getMessage());
    }

    @Test
    void pemIsToldApartFromALocation() {
        assertTrue(PemKeys.looksLikePem(TestKeys.pem(TestKeys.RSA.getPublic())));
        assertFalse(PemKeys.looksLikePem("file:/etc/perimeter/key.pem"));
    }

    private static String block(String type, String base64) {
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static void assertSameKey(PublicKey expected, PublicKey actual) {
        assertEquals(expected.getAlgorithm().replace("EdDSA", "Ed25519"),
                actual.getAlgorithm().replace("EdDSA", "Ed25519"));
        assertArrayEquals(expected.getEncoded(), actual.getEncoded());
    }

    private static PublicKey storedCertificateKey(Path store)
            throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD);
        }
        return keyStore.getCertificate("perimeter").getPublicKey();
    }

    /** Runs the JDK's own keytool, failing the test with its output if it fails. */
    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), "keytool " + arguments[0] + " failed: " + output);
    }
}
