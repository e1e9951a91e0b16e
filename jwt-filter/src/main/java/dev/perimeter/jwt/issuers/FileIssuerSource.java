package dev.perimeter.jwt.issuers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The issuers listed in a UTF-8 text file, one a line: {@code <issuer>} alone for an issuer whose
 * keys are found by OpenID Connect discovery, or {@code <issuer> <jwks-url>} (separated by white
 * space) for one whose key set is at that URL. Blank lines and lines starting with {@code #} are
 * skipped. The whole file is refused, naming the first bad line by its number, when a line has
 * more than two fields, an issuer is listed twice, or a URL is not an absolute {@code http(s)}
 * URL; so a half-edited file never replaces a good one. At most 1 MiB is read.
 */
public final class FileIssuerSource implements IssuerSource {

    /** The largest file read; a larger one is refused, not truncated. */
    static final int MAX_BYTES = 1 << 20;

    private final Path file;

    public FileIssuerSource(Path file) {
        this.file = file;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    @Override
    public List<TrustedIssuer> load() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text");
        }
        return parse(text);
    }

    /**
     * The issuers of {@code text} in the file's format.
     *
     * @throws IOException naming the first bad line by its number (never echoing the line)
     */
    List<TrustedIssuer> parse(String text) throws IOException {
        List<TrustedIssuer> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\\r?\\n|\\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            String[] fields = line.split("\\s+");
            if (fields.length > 2) {
                throw new IOException(where + "expected '<issuer>' or '<issuer> <jwks-url>', found "
                        + fields.length + " fields");
            }
            String issuer = fields[0];
            if (!seen.add(issuer)) {
                throw new IOException(where + "the issuer is listed twice");
            }
            result.add(fields.length == 1 ? TrustedIssuer.discovered(issuer)
                    : TrustedIssuer.withJwks(issuer, httpUrl(fields[1], where)));
        }
        return result;
    }

    private static URI httpUrl(String text, String where) throws IOException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IOException(where + "the key set URL is not a valid URI");
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.getHost() == null
                || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            throw new IOException(where + "the key set URL is not an absolute https URL");
        }
        return uri;
    }

    @Override
    public String describe() {
        return "file:" + file;
    }
}
