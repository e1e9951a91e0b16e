package dev.perimeter.jwt.microprofile.jwe;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * Checks that a JWE's plaintext is a signed compact JWS before anyone treats it as a token. Only
 * the shape and the header's {@code alg} are looked at here; the signature, the strength of the
 * alg and the claims are the verifier's business. An encrypted token around an unsigned one
 * ({@code alg: none}, or claims JSON directly) proves nothing about its issuer: anyone holding the
 * public encryption key can make one (the pattern of pac4j's CVE-2026-29000).
 */
final class InnerJwsCheck {

    private InnerJwsCheck() {
    }

    static void requireSignedJws(String plaintext) throws JweRefusedException {
        String[] parts = plaintext.split("\\.", -1);
        if (parts.length != 3) {
            throw new JweRefusedException("the JWE's plaintext is not a compact JWS (three parts): "
                    + "only signed tokens are accepted inside a JWE");
        }
        for (String part : parts) {
            if (part.isEmpty() || !isBase64Url(part)) {
                throw new JweRefusedException("the JWE's plaintext is not a compact JWS (a part is empty or not Base64URL)");
            }
        }
        Object alg = header(parts[0]).get("alg");
        if (!(alg instanceof String name) || name.isBlank() || name.strip().equalsIgnoreCase("none")) {
            throw new JweRefusedException("the JWS inside the JWE is unsigned (alg absent or 'none')");
        }
    }

    private static Map<String, Object> header(String encoded) throws JweRefusedException {
        try {
            String json = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            return JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new JweRefusedException("the JWS inside the JWE has no valid JSON header");
        }
    }

    private static boolean isBase64Url(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
