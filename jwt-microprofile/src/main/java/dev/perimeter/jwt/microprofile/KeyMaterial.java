package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.Jwks;
import dev.perimeter.jwt.keys.Keys;
import dev.perimeter.jwt.keys.PemKeys;
import dev.perimeter.jwt.keys.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The verification keys of an {@code mp.jwt.verify.publickey} value or of a local
 * {@code .location}'s content, in the forms MicroProfile JWT names: a PEM public key or
 * certificate, a JWK, a JWK Set, or either of those base64url-encoded. Each key is bound to the
 * configured issuer and to the one algorithm configured, as every Perimeter key is.
 */
final class KeyMaterial {

    private KeyMaterial() {
    }

    /**
     * @throws IllegalArgumentException when the text is none of the forms, or a key in it is
     *     invalid or too weak (RSA under 2048 bits); the message never repeats key material
     */
    static List<VerificationKey> parse(String text, Set<JwsAlgorithm> allowed, String issuer,
            String origin) {
        String trimmed = text.trim();
        if (PemKeys.looksLikePem(trimmed)) {
            return List.of(Keys.publicKey(PemKeys.parsePublicKey(trimmed), allowed, origin)
                    .boundTo(issuer));
        }
        String json = trimmed.startsWith("{") ? trimmed : base64urlDecoded(trimmed);
        List<VerificationKey> keys = jwkOrSet(json, allowed, issuer, origin);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the key set holds no usable key");
        }
        return keys;
    }

    private static List<VerificationKey> jwkOrSet(String json, Set<JwsAlgorithm> allowed,
            String issuer, String origin) {
        try {
            return Jwks.parseSet(bytes(json), allowed, issuer, origin, skipped -> { });
        } catch (IllegalArgumentException notASet) {
            try {
                // A lone JWK: the same rules apply to it as to a set of one.
                return Jwks.parseSet(bytes("{\"keys\":[" + json + "]}"), allowed, issuer, origin,
                        skipped -> { });
            } catch (IllegalArgumentException notAKey) {
                throw json.contains("\"keys\"") ? notASet : notAKey;
            }
        }
    }

    private static String base64urlDecoded(String text) {
        try {
            return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "expected a PEM key, a JWK or JWK Set, or one base64url-encoded");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
