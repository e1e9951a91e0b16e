package dev.perimeter.jwt.dpop;

import dev.perimeter.jwt.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The RFC 7638 JWK thumbprint with SHA-256, base64url: the hash of the key's required members
 * only, in lexicographic order, without whitespace. It is what a DPoP-bound token names in
 * {@code cnf.jkt} (RFC 9449 section 6.1).
 */
public final class JwkThumbprint {

    private JwkThumbprint() {
    }

    /**
     * The thumbprint of a public JWK ({@code EC}, {@code RSA} or {@code OKP}), or null when
     * {@code jwk} lacks a required member or has a {@code kty} without a thumbprint rule here.
     * The members are taken as given: call this only for a key that parsed as valid, whose
     * members are base64url and curve names, which need no JSON escaping.
     */
    public static String of(Map<String, Object> jwk) {
        Object kty = jwk.get("kty");
        String json;
        if ("EC".equals(kty)) {
            json = members(jwk, "crv", "kty", "x", "y");
        } else if ("RSA".equals(kty)) {
            json = members(jwk, "e", "kty", "n");
        } else if ("OKP".equals(kty)) {
            json = members(jwk, "crv", "kty", "x");
        } else {
            return null;
        }
        return json == null ? null : Base64Url.encode(sha256(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String members(Map<String, Object> jwk, String... names) {
        StringBuilder json = new StringBuilder(160).append('{');
        for (String name : names) {
            Object value = jwk.get(name);
            if (!(value instanceof String) || !isPlain((String) value)) {
                return null;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":\"").append(value).append('"');
        }
        return json.append('}').toString();
    }

    /** Base64url and curve names: nothing that JSON would escape. */
    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
