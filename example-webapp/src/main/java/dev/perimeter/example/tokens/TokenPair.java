package dev.perimeter.example.tokens;

/**
 * What a login or a refresh hands out: an access token and the refresh token of its family.
 *
 * @param access  the access token
 * @param refresh the refresh token
 */
public record TokenPair(AccessToken access, RefreshTokens.Issued refresh) {
}
