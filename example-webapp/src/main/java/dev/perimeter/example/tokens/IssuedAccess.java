package dev.perimeter.example.tokens;

import java.time.Instant;

/**
 * An access token issued beside a refresh token, as its family remembers it: revoked by
 * {@code jti} in the filter's store when the family is revoked.
 *
 * @param jti       the access token's {@code jti}
 * @param expiresAt its {@code exp}: the store forgets it after that
 */
public record IssuedAccess(String jti, Instant expiresAt) {
}
