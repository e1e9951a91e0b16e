package dev.perimeter.example.tokens;

import java.time.Instant;

/**
 * An access token as issued: the compact JWS and the facts the application keeps about it.
 * {@link #toString()} leaves the token out.
 *
 * @param token     the compact JWS, for the client only
 * @param jti       its {@code jti}
 * @param subject   its {@code sub}
 * @param expiresAt its {@code exp}
 * @param jkt       the RFC 7638 thumbprint of the DPoP key it is bound to ({@code cnf.jkt}, RFC
 *                  9449 section 6.1); null for a bearer token
 */
public record AccessToken(String token, String jti, String subject, Instant expiresAt, String jkt) {

    /** A bearer token, bound to no key. */
    public AccessToken(String token, String jti, String subject, Instant expiresAt) {
        this(token, jti, subject, expiresAt, null);
    }

    /** Whether it is DPoP-bound: its {@code token_type} is {@code DPoP}, not {@code Bearer}. */
    public boolean isDpopBound() {
        return jkt != null;
    }

    @Override
    public String toString() {
        return "AccessToken[sub=" + subject + ", jti=" + jti + ", exp=" + expiresAt
                + (jkt == null ? "" : ", dpop-bound") + "]";
    }
}
