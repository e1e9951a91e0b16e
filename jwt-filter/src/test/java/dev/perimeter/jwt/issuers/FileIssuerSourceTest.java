package dev.perimeter.jwt.issuers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The file format of {@code issuers-file}: one issuer a line, refused whole at its first bad line. */
class FileIssuerSourceTest {

    @TempDir
    Path dir;

    private FileIssuerSource file(String text) throws IOException {
        Path file = dir.resolve("issuers.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new FileIssuerSource(file);
    }

    @Test
    void readsDiscoveredIssuersAndIssuersWithAKeySetSkippingCommentsAndBlankLines() throws Exception {
        List<TrustedIssuer> issuers = file("# tenants\n\nhttps://idp.test/realms/a\r\n"
                + "  https://idp.test/realms/b \t https://idp.test/realms/b/certs  \n").load();
        assertEquals(List.of(TrustedIssuer.discovered("https://idp.test/realms/a"),
                TrustedIssuer.withJwks("https://idp.test/realms/b",
                        URI.create("https://idp.test/realms/b/certs"))), issuers);
    }

    @Test
    void anEmptyFileListsNoIssuer() throws Exception {
        assertEquals(List.of(), file("# none yet\n").load());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://a.test https://a.test/certs extra | line 2: expected '<issuer>' or '<issuer> <jwks-url>'",
        "https://a.test ftp://a.test/certs | line 2: the key set URL is not an absolute https URL",
        "https://a.test /certs | line 2: the key set URL is not an absolute https URL",
        "https://a.test https://a.test/c e r t s | line 2: expected",
        "https://a.test https://a.test/%zz | line 2: the key set URL is not a valid URI",
        "https://ok.test | line 2: the issuer is listed twice"})
    void aBadLineRefusesTheWholeFileNamingTheLineWithoutEchoingIt(String line, String expected)
            throws Exception {
        FileIssuerSource source = file("https://ok.test\n" + line + "\nhttps://c.test\n");
        IOException e = assertThrows(IOException.class, source::load);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(source.file().toString()), e.getMessage());
        if (line.contains("/certs")) {
            assertFalse(e.getMessage().contains("a.test/certs"), e.getMessage());
        }
    }

    @Test
    void aMissingFileOrOneThatIsNotUtf8OrTooLargeIsRefused() throws Exception {
        assertThrows(IOException.class, () -> new FileIssuerSource(dir.resolve("none.txt")).load());
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'h', (byte) 0xe9, '\n'});
        assertTrue(assertThrows(IOException.class, () -> new FileIssuerSource(latin1).load())
                .getMessage().contains("not UTF-8"));
        Path large = dir.resolve("large.txt");
        Files.write(large, new byte[FileIssuerSource.MAX_BYTES + 1]);
        assertTrue(assertThrows(IOException.class, () -> new FileIssuerSource(large).load())
                .getMessage().contains("larger than"));
    }
}
