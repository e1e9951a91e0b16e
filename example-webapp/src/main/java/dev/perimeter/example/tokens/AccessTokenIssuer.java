package dev.perimeter.example.tokens;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import dev.perimeter.example.keys.SigningKey;
import dev.perimeter.example.users.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues access tokens with java-jwt: header {@code typ=at+jwt} (RFC 9068) and the signer's
 * {@code kid}; claims {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code exp},
 * {@code jti} (a random UUID) and {@code groups} (the user's roles); for a client that proved a
 * DPoP key at login, also {@code cnf} {@code {"jkt": <thumbprint>}} (RFC 9449 section 6.1).
 *
 * <p>{@code iat} has whole seconds, and a subject cutoff refuses tokens issued before it; a token
 * issued in the very second of a cutoff would be refused at once. So when the subject was cut
 * off within the current second, issuing waits for the next one (at most a second, and only
 * right after an administrator revoked that subject).
 */
public final class AccessTokenIssuer {

    private final SigningKey key;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final Revocations revocations;

    public AccessTokenIssuer(SigningKey key, String issuer, String audience, Duration ttl,
            Clock clock, Revocations revocations) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
        this.revocations = revocations;
    }

    /** How long access tokens live. */
    public Duration ttl() {
        return ttl;
    }

    /** A new bearer access token for {@code user}. */
    public AccessToken issue(User user) {
        return issue(user, null);
    }

    /**
     * A new access token for {@code user}, bound to the DPoP key whose RFC 7638 thumbprint is
     * {@code jkt}; a bearer token when {@code jkt} is null.
     */
    public AccessToken issue(User user, String jkt) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (revocations.isCutOff(user.username(), issuedAt)) {
            issuedAt = waitForNextSecond(issuedAt);
        }
        Instant expiresAt = issuedAt.plus(ttl);
        String jti = UUID.randomUUID().toString();
        JWTCreator.Builder builder = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId(key.kid())
                .withIssuer(issuer)
                .withSubject(user.username())
                .withAudience(audience)
                .withIssuedAt(issuedAt)
                .withExpiresAt(expiresAt)
                .withJWTId(jti)
                .withClaim("groups", List.copyOf(user.roles()));
        if (jkt != null) {
            builder.withClaim("cnf", Map.of("jkt", jkt));
        }
        String token = builder.sign(key.jwtAlgorithm());
        return new AccessToken(token, jti, user.username(), expiresAt, jkt);
    }

    private Instant waitForNextSecond(Instant second) {
        Instant next = second.plusSeconds(1);
        long millis = Duration.between(clock.instant(), next).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
