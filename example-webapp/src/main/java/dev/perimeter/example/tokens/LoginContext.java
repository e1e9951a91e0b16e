package dev.perimeter.example.tokens;

import java.time.Instant;

/**
 * How and when the user logged in: the tokens' {@code acr} ({@code mfa} with the second factor,
 * {@code pwd} without) and {@code auth_time}. Kept with the refresh family, so that refreshed
 * tokens carry the login's, not the refresh's: a refresh is no new authentication (RFC 9470).
 *
 * @param acr      the authentication context class
 * @param authTime the login's time, whole seconds
 */
public record LoginContext(String acr, Instant authTime) {
}
