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
 */
public record AccessToken(String token, String jti, String subject, Instant expiresAt) {

    @Override
    public String toString() {
        return "AccessToken[sub=" + subject + ", jti=" + jti + ", exp=" + expiresAt + "]";
    }
}
