package dev.perimeter.it.support;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Tokens an attacker can make from a real one: claims changed under the original signature, the
 * same header and claims signed with a key of the attacker's, and {@code alg: none}. Built with
 * the filter's own test fixtures ({@link TestTokens}, {@link TestKeys}), independent of the
 * example's signer.
 */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** {@code token}'s claims with {@code groups} raised to admin, under its original signature. */
    public static String withRaisedGroups(String token) {
        String[] parts = token.split("\\.");
        String claims = decode(parts[1]);
        String raised = claims.replaceFirst("\"groups\":\\[[^\\]]*\\]", "\"groups\":[\"user\",\"admin\"]");
        if (raised.equals(claims)) {
            throw new IllegalArgumentException("no groups claim to raise");
        }
        return parts[0] + "." + TestTokens.b64(raised) + "." + parts[2];
    }

    /** {@code token}'s header (same {@code kid}) and claims, signed with a key the example never had. */
    public static String signedByAnotherKey(String token) {
        String[] parts = token.split("\\.");
        return TestTokens.sign(decode(parts[0]), decode(parts[1]), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate());
    }

    /** {@code token}'s claims under a header with {@code alg} (such as {@code none}) and no signature. */
    public static String unsigned(String token, String alg) {
        DecodedJWT decoded = JWT.decode(token);
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + decoded.getKeyId() + "\"}";
        return TestTokens.b64(header) + "." + token.split("\\.")[1] + ".";
    }

    private static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }
}
