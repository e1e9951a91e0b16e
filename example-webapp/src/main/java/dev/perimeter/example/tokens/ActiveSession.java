package dev.perimeter.example.tokens;

import java.time.Instant;
import java.util.Set;

/**
 * A live session as the admin view shows it: one refresh family, from its login to its latest
 * refresh. Its {@code id} is the family's random id, which names the session to revoke it and is
 * no credential: neither the filter nor {@code /auth/refresh} accepts it, and the refresh
 * tokens themselves are known only by their hashes.
 *
 * @param id             the family's id
 * @param subject        whose session it is
 * @param created        the login
 * @param lastUsed       the latest login or refresh: when a refresh token of it was last issued
 * @param address        the client address of that latest login or refresh; null when unknown
 *                       (rows of an earlier version kept none)
 * @param loginAddress   the client address of the login; null when unknown
 * @param expiresAt      when the family expires ({@code refresh-ttl} after the login)
 * @param refreshes      how often it rotated
 * @param dpopBound      whether the login bound it to a DPoP key (its tokens need proofs)
 * @param accessTokenIds the {@code jti}s of the access tokens issued in it, to tell the caller's own
 *                       session; not shown
 */
public record ActiveSession(String id, String subject, Instant created, Instant lastUsed,
        String address, String loginAddress, Instant expiresAt, int refreshes,
        boolean dpopBound, Set<String> accessTokenIds) {

    /** Whether the access token {@code jti} was issued in this session. */
    public boolean issued(String jti) {
        return jti != null && accessTokenIds.contains(jti);
    }
}
