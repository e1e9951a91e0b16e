package dev.perimeter.jwt.microprofile.jwe;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;

/**
 * Opens the encrypted tokens of MP-JWT 2.1 ({@code mp.jwt.decrypt.key.*}): a compact JWE whose key
 * is wrapped with RSA-OAEP or RSA-OAEP-256 and whose content is A256GCM, holding a signed JWT.
 * {@link #decrypt} returns that inner compact JWS, which must then go through the normal signature
 * verification: this class proves nothing about who issued the token.
 *
 * <p>Strict on purpose: the header must name exactly an accepted alg, enc A256GCM (the one content
 * encryption MP-JWT requires), no compression ({@code zip}: a decompression bomb is cheap to send)
 * and {@code cty: JWT} (MP-JWT: "implementations must check that the cty header is set to JWT";
 * the TCK refuses a token without it). The plaintext must be a signed compact JWS.
 *
 * <p>Immutable and thread-safe; each call parses and decrypts on its own objects.
 */
public final class JweDecryptor {

    /** Longer input is refused before any parsing (16 KiB: an 8 KiB JWS, encrypted, with room). */
    public static final int MAX_COMPACT_LENGTH = 16 * 1024;

    private static final Set<EncryptionMethod> CONTENT_ENCRYPTION = Set.of(EncryptionMethod.A256GCM);
    // RFC 7515 4.1.10: a cty without '/' means "application/" + cty; media types ignore case.
    private static final Set<String> NESTED_JWT_CONTENT_TYPES = Set.of("jwt", "application/jwt");

    private final DecryptionKeySet keys;
    private final Set<String> acceptedAlgorithms;

    private JweDecryptor(DecryptionKeySet keys, Set<String> acceptedAlgorithms) {
        this.keys = keys;
        this.acceptedAlgorithms = acceptedAlgorithms;
    }

    /**
     * @param keyText   the private key: PKCS#8 PEM, JWK or JWKS (plain or Base64URL-encoded JSON)
     * @param algorithm {@code mp.jwt.decrypt.key.algorithm}: RSA-OAEP or RSA-OAEP-256; null or blank
     *                  accepts both, as MP-JWT 2.1 requires when the property is not set
     * @throws IllegalArgumentException for an unknown algorithm, or a key that is not an RSA private
     *                                  key of at least 2048 bits for encryption; the message names the
     *                                  fault and never the key material
     */
    public static JweDecryptor of(String keyText, String algorithm) {
        Set<String> accepted = KeyManagementAlgorithms.fromSetting(algorithm);
        return new JweDecryptor(new DecryptionKeySet(DecryptionKeyReader.read(keyText, accepted)), accepted);
    }

    /** Whether a compact token has the five parts of a JWE (a JWS has three). Looks at nothing else. */
    public static boolean looksEncrypted(String compact) {
        return compact != null && dots(compact) == 4;
    }

    /** The key management algorithms this decryptor accepts, e.g. [RSA-OAEP, RSA-OAEP-256]. */
    public Set<String> acceptedAlgorithms() {
        return acceptedAlgorithms;
    }

    /**
     * Decrypts a compact JWE and returns the compact JWS inside it.
     *
     * @throws JweRefusedException when the input is not an acceptable JWE for this configuration, does
     *                             not decrypt, or does not hold a signed JWS; the message is safe to log
     */
    public String decrypt(String compactJwe) throws JweRefusedException {
        if (compactJwe == null || compactJwe.isEmpty()) {
            throw new JweRefusedException("no token");
        }
        if (compactJwe.length() > MAX_COMPACT_LENGTH) {
            throw new JweRefusedException("the JWE is longer than " + MAX_COMPACT_LENGTH + " characters");
        }
        if (!looksEncrypted(compactJwe)) {
            throw new JweRefusedException("not a compact JWE (five dot-separated parts are required)");
        }
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compactJwe);
        } catch (ParseException | RuntimeException e) {
            throw new JweRefusedException("malformed JWE (its header or a part does not parse)");
        }
        JWEHeader header = jwe.getHeader();
        String alg = header.getAlgorithm().getName();
        checkHeader(header, alg);
        DecryptionKey key = keys.select(header.getKeyID(), alg).orElseThrow(() -> new JweRefusedException(
                header.getKeyID() == null
                        ? "the JWE has no kid and the configured keys do not name exactly one key for it"
                        : "no configured decryption key has the JWE's kid (or it is not for the JWE's alg)"));
        try {
            // A decrypter per call: RSADecrypter keeps per-call state (its CEK exception).
            jwe.decrypt(new RSADecrypter(key.key()));
        } catch (JOSEException | RuntimeException e) {
            throw new JweRefusedException("the JWE does not decrypt with the configured key "
                    + "(wrong key, or tampered encrypted key, IV, ciphertext, tag or header)");
        }
        String plaintext = jwe.getPayload().toString();
        InnerJwsCheck.requireSignedJws(plaintext);
        return plaintext;
    }

    private void checkHeader(JWEHeader header, String alg) throws JweRefusedException {
        if (!acceptedAlgorithms.contains(alg)) {
            throw new JweRefusedException("the JWE's alg is not accepted (accepted: "
                    + String.join(", ", acceptedAlgorithms) + ")");
        }
        if (!CONTENT_ENCRYPTION.contains(header.getEncryptionMethod())) {
            throw new JweRefusedException("the JWE's enc is not accepted (accepted: A256GCM)");
        }
        if (header.getCompressionAlgorithm() != null) {
            throw new JweRefusedException("the JWE is compressed (zip): compressed tokens are refused");
        }
        String cty = header.getContentType();
        if (cty == null || !NESTED_JWT_CONTENT_TYPES.contains(cty.toLowerCase(Locale.ROOT))) {
            throw new JweRefusedException("the JWE's cty is not 'JWT': only a nested signed JWT is accepted");
        }
    }

    private static int dots(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '.') {
                count++;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return "JweDecryptor[alg=" + acceptedAlgorithms + ", enc=A256GCM]";
    }
}
