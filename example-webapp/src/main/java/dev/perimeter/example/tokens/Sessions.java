package dev.perimeter.example.tokens;

import dev.perimeter.example.LogText;
import dev.perimeter.example.users.Authenticator;
import dev.perimeter.example.users.HashSlots;
import dev.perimeter.example.users.LoginThrottle;
import dev.perimeter.example.users.User;
import dev.perimeter.example.users.UserStore;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.VerificationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Logins and what follows them: login, refresh, logout, revocation of one token (RFC 7009) and of
 * a whole subject. HTTP-free, so that the servlets only translate.
 */
public final class Sessions {

    /** The outcome of a login. */
    public sealed interface Login permits LoggedIn, Throttled, BadCredentials {
    }

    /** Name and password matched. */
    public record LoggedIn(TokenPair tokens) implements Login {
    }

    /**
     * Refused before the password was checked, {@code why}; try again after {@code retryAfter}.
     */
    public record Throttled(ThrottleReason why, Duration retryAfter) implements Login {
    }

    /** Why a login was throttled. */
    public enum ThrottleReason {
        /** Too many failures for this name from this address. */
        USER_AND_ADDRESS,
        /** Too many failures from this address, across names. */
        ADDRESS,
        /** Every password-check slot is busy. */
        BUSY
    }

    /** What a login refused for {@link ThrottleReason#BUSY} is asked to wait. */
    public static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    /** Unknown name or wrong password: deliberately the same answer. */
    public record BadCredentials() implements Login {
    }

    /** The outcome of a refresh: new tokens, or the reason for refusing. */
    public sealed interface Refresh permits Refreshed, RefreshRefused {
    }

    /**
     * The token rotated; {@code tokens} replace it. {@code familyId} names the session;
     * {@code previousJti} is the access token issued with the spent refresh token.
     */
    public record Refreshed(TokenPair tokens, String familyId, String previousJti)
            implements Refresh {
    }

    /**
     * The token was refused, for {@code reason}. {@code subject} and {@code familyId} are those of
     * its family (null for an unknown token); {@code revokedAccessTokens} counts the access tokens
     * revoked with the family (after a reuse).
     */
    public record RefreshRefused(RefreshTokens.Refusal reason, String subject, String familyId,
            int revokedAccessTokens) implements Refresh {
    }

    /** The outcome of an RFC 7009 revocation. */
    public sealed interface Revocation permits Revoked, NothingToRevoke, Forbidden {
    }

    /**
     * Revoked: an access token ({@code jti} set, {@code familyId} null) or a refresh token's
     * family ({@code familyId} set, with its {@code accessTokens} unexpired access tokens).
     */
    public record Revoked(String subject, String jti, String familyId, int accessTokens)
            implements Revocation {
    }

    /** Unknown, or a token this server would refuse anyway: answered 200 like a revocation. */
    public record NothingToRevoke() implements Revocation {
    }

    /** A live token of someone else, and the caller is no admin. */
    public record Forbidden() implements Revocation {
    }

    /** A session ended by an admin: whose it was, and how many access tokens it still had. */
    public record EndedSession(String subject, int accessTokens) {
    }

    /** The role that may revoke other users' tokens and subjects. */
    public static final String ADMIN_ROLE = "admin";

    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final HashSlots hashSlots;
    private final UserStore users;
    private final AccessTokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final Revocations revocations;
    private final Clock clock;

    public Sessions(Authenticator authenticator, LoginThrottle throttle, HashSlots hashSlots,
            UserStore users, AccessTokenIssuer issuer, RefreshTokens refreshTokens,
            Revocations revocations, Clock clock) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.hashSlots = hashSlots;
        this.users = users;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Seconds an access token lives. */
    public Duration accessTtl() {
        return issuer.ttl();
    }

    /**
     * Checks the name and password from {@code address} and, when they match, starts a family,
     * bound to the DPoP key whose RFC 7638 thumbprint is {@code jkt} (the client proved it; null:
     * an unbound family of bearer tokens). {@code password} is cleared.
     */
    public Login login(String username, char[] password, String address, String jkt) {
        try {
            Optional<LoginThrottle.Wait> wait = throttle.retryAfter(username, address);
            if (wait.isPresent()) {
                // No user name in the log: people type their password into that field.
                LOG.info("Perimeter example: a login from " + LogText.of(address) + " was throttled ("
                        + wait.get().scope() + ")");
                return new Throttled(wait.get().scope() == LoginThrottle.Scope.ADDRESS
                        ? ThrottleReason.ADDRESS : ThrottleReason.USER_AND_ADDRESS,
                        wait.get().retryAfter());
            }
            if (!hashSlots.tryAcquire()) {
                return new Throttled(ThrottleReason.BUSY, BUSY_RETRY_AFTER);
            }
            Optional<User> user;
            try {
                user = authenticator.authenticate(username, password);
            } finally {
                hashSlots.release();
            }
            if (user.isEmpty()) {
                throttle.failed(username, address);
                LOG.info("Perimeter example: a failed login from " + LogText.of(address));
                return new BadCredentials();
            }
            throttle.succeeded(username, address);
            AccessToken access = issuer.issue(user.get(), jkt);
            return new LoggedIn(new TokenPair(access, refreshTokens.start(access, address)));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The thumbprint of the DPoP key that {@code refreshToken}'s family is bound to, which a
     * refresh must prove; empty for an unbound family or an unknown token.
     */
    public Optional<String> refreshBinding(String refreshToken) {
        return refreshTokens.boundKey(refreshToken);
    }

    /**
     * Rotates a refresh token presented from {@code address} by a caller that proved the DPoP
     * key {@code provenJkt} (null: none); a reused one revokes its family and the family's access
     * tokens. A token of a bound family is refused, unspent, without that family's key.
     */
    public Refresh refresh(String refreshToken, String address, String provenJkt) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(refreshToken, address, provenJkt,
                (subject, jkt) -> users.find(subject).map(user -> issuer.issue(user, jkt)));
        if (rotation instanceof RefreshTokens.Rotated rotated) {
            return new Refreshed(new TokenPair(rotated.access(), rotated.next()),
                    rotated.familyId(), rotated.previousJti());
        }
        RefreshTokens.Refused refused = (RefreshTokens.Refused) rotation;
        if (refused.reason() == RefreshTokens.Refusal.REUSED) {
            LOG.warning("Perimeter example: a spent refresh token was presented again; its family"
                    + " and " + refused.revokedAccess().size() + " access token(s) are revoked");
        }
        revokeAll(refused.revokedAccess());
        return new RefreshRefused(refused.reason(), refused.subject(), refused.familyId(),
                refused.revokedAccess().size());
    }

    /**
     * Revokes the caller's access token and the family it came with; returns how many other
     * access tokens of the family were revoked with it.
     */
    public int logout(Jwt token) {
        revocations.revokeAccessToken(token.id(), token.expiresAt());
        List<IssuedAccess> family = new ArrayList<>(
                refreshTokens.revokeFamilyOfAccessToken(token.id()));
        family.removeIf(access -> access.jti().equals(token.id()));
        revokeAll(family);
        return family.size();
    }

    /**
     * RFC 7009: revokes {@code token}, an access token (with a {@code jti}) or a refresh token (with
     * its family), when the caller owns it or is an admin. Tokens this server would refuse anyway,
     * and unknown ones, count as done.
     */
    public Revocation revoke(String token, Jwt caller) {
        if (token.chars().filter(c -> c == '.').count() == 2) {
            VerificationResult result = revocations.verifier().verify(token);
            if (!result.isValid() || result.jwt().id() == null) {
                return new NothingToRevoke();
            }
            Jwt jwt = result.jwt();
            if (!mayRevoke(caller, jwt.subject())) {
                return new Forbidden();
            }
            revocations.revokeAccessToken(jwt.id(), jwt.expiresAt());
            return new Revoked(jwt.subject(), jwt.id(), null, 1);
        }
        Optional<RefreshTokens.Holder> holder = refreshTokens.holder(token);
        if (holder.isEmpty()) {
            return new NothingToRevoke();
        }
        if (!mayRevoke(caller, holder.get().subject())) {
            return new Forbidden();
        }
        List<IssuedAccess> family = refreshTokens.revokeFamily(holder.get().familyId());
        revokeAll(family);
        return new Revoked(holder.get().subject(), null, holder.get().familyId(), family.size());
    }

    /** How many live sessions each user has; users without any are left out. */
    public Map<String, Integer> liveSessionCounts() {
        return refreshTokens.liveSessionCounts();
    }

    /** The live sessions of {@code subject}, most recently used first. */
    public List<ActiveSession> liveSessions(String subject) {
        return refreshTokens.liveSessions(subject);
    }

    /**
     * Ends one session: revokes its refresh family and the access tokens issued in it, so its
     * holder is refused at the next request and cannot refresh. Empty when no live session has
     * that id.
     */
    public Optional<EndedSession> revokeSession(String sessionId) {
        Optional<List<IssuedAccess>> live = refreshTokens.liveFamilyAccess(sessionId);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> subject = refreshTokens.familySubject(sessionId);
        // The access tokens go into the filter's store first: if the store fails, the family
        // stays live and the admin's retry finds it again. Tokens that a refresh issued meanwhile
        // are among those the family's revocation returns.
        revokeAll(live.get());
        List<IssuedAccess> meanwhile = new ArrayList<>(refreshTokens.revokeFamily(sessionId));
        meanwhile.removeAll(live.get());
        revokeAll(meanwhile);
        return Optional.of(new EndedSession(subject.orElse(null),
                live.get().size() + meanwhile.size()));
    }

    /** Revokes every token of {@code subject} issued until now, and all its refresh tokens. */
    public void revokeSubject(String subject) {
        refreshTokens.revokeSubject(subject);
        revocations.revokeSubject(subject, clock.instant());
    }

    private static boolean mayRevoke(Jwt caller, String owner) {
        return caller.hasRole(ADMIN_ROLE) || (owner != null && owner.equals(caller.subject()));
    }

    private void revokeAll(List<IssuedAccess> tokens) {
        for (IssuedAccess access : tokens) {
            revocations.revokeAccessToken(access.jti(), access.expiresAt());
        }
    }
}
