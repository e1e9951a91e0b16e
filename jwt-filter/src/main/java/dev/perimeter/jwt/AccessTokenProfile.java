package dev.perimeter.jwt;

import java.util.List;
import java.util.Map;

/**
 * The RFC 9068 access-token profile's check that a token is not an ID token (section 4 asks a
 * resource server to refuse tokens not meant for it): a {@code nonce} or {@code at_hash} (ID
 * token claims, OpenID Connect Core section 2), or an audience that names the client the token
 * was issued to ({@code client_id} or {@code azp}) as an ID token's does, rather than a
 * resource. The profile's {@code typ} and required claims are the configuration's
 * ({@code profile=rfc9068}: {@code at+jwt} only, and {@code iss exp aud sub client_id iat jti}).
 */
final class AccessTokenProfile {

    private AccessTokenProfile() {
    }

    /** Why {@code claims} look like an ID token's, or null when they do not. */
    static VerificationResult idTokenRejection(Map<String, Object> claims) {
        if (claims.containsKey("nonce") || claims.containsKey("at_hash")) {
            return VerificationResult.rejected(Rejection.NOT_AN_ACCESS_TOKEN, "the token carries"
                    + " nonce or at_hash: it is an ID token, not an access token (RFC 9068)");
        }
        for (String client : new String[] {"client_id", "azp"}) {
            Object id = claims.get(client);
            if (id instanceof String && audienceNames(claims.get("aud"), (String) id)) {
                return VerificationResult.rejected(Rejection.NOT_AN_ACCESS_TOKEN, "the token's"
                        + " audience is the client it was issued to (" + client + "), as an ID"
                        + " token's is, not this resource (RFC 9068)");
            }
        }
        return null;
    }

    private static boolean audienceNames(Object aud, String value) {
        return value.equals(aud) || (aud instanceof List && ((List<?>) aud).contains(value));
    }
}
