package dev.perimeter.jwt;

import dev.perimeter.jwt.internal.StrictJson;
import dev.perimeter.jwt.internal.VerifiedTokenCache;
import dev.perimeter.jwt.issuers.RuntimeIssuers;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a token completely: length, structure, header, key, signature, claims and revocation,
 * in that order, with no I/O and no lock. Usable without servlets; thread-safe.
 *
 * <p>A token's issuer must be one of {@code issuer}, whose tokens the configured keys verify, or
 * one trusted at run time ({@link RuntimeIssuers}) at the moment of the check, whose tokens only
 * that issuer's own keys verify. The issuer is read before the signature is checked, so another
 * issuer's key is never even tried.
 *
 * <p>With {@code cache-size} above 0, a token that passed is kept (keyed by its whole text) until
 * it expires; a later request with the same token skips parsing and the signature, but time
 * ({@code exp}, {@code nbf}, {@code iat}, {@code max-age}), revocation and the key in force are
 * checked again on every hit, so a token revoked or expired since is still refused; so is its
 * issuer, so a token of an issuer removed at run time is refused at once.
 *
 * <p>A token not in the cache passes {@link SignatureAdmission} first: an address that sent too
 * many invalid signatures lately is refused before any parsing, and signature checks of suspect
 * callers beyond {@code signature-concurrency} are refused rather than queued. A cached token
 * never waits for either, so valid clients keep their pace beside a flood of forged tokens.
 */
public final class TokenVerifier {

    private final VerifierSettings settings;
    // Read once from the settings (immutable): the request path does no lookups.
    private final int maxTokenLength;
    private final Set<String> issuers;
    private final Set<String> audiences;
    private final List<String> requiredClaims;
    private final List<String> principalClaims;
    private final List<String> rolesClaims;
    private final Duration maxAge;
    private final Duration maxAgeLeeway;
    private final boolean accessTokenProfile;
    private final KeySource keys;
    /** Issuers trusted at run time, each with its own keys; null when there are none. */
    private final RuntimeIssuers runtimeIssuers;
    private final JwsVerifier jws;
    private final RevocationStore revocations;
    private final Clock clock;
    private final Duration leeway;
    private final VerifiedTokenCache<Cached> cache;
    private final SignatureAdmission admission;

    /**
     * A verifier of tokens against {@code settings}, with the keys of {@code keys} and the
     * revocations of {@code revocations}; it neither starts nor closes either (see
     * {@link dev.perimeter.jwt.runtime.Perimeter}, which does both).
     */
    public TokenVerifier(VerifierSettings settings, KeySource keys, RevocationStore revocations) {
        this(settings, keys, revocations, null);
    }

    /**
     * As {@link #TokenVerifier(VerifierSettings, KeySource, RevocationStore)}, also accepting the
     * issuers {@code runtimeIssuers} trusts at the moment of each check (null: none), each
     * verified with its own key source only; {@code keys} serve the fixed issuers alone.
     */
    public TokenVerifier(VerifierSettings settings, KeySource keys, RevocationStore revocations,
            RuntimeIssuers runtimeIssuers) {
        this.runtimeIssuers = runtimeIssuers;
        this.settings = settings;
        this.maxTokenLength = settings.maxTokenLength();
        this.issuers = settings.issuers();
        this.audiences = settings.audiences();
        this.requiredClaims = settings.requiredClaims();
        this.principalClaims = settings.principalClaims();
        this.rolesClaims = settings.rolesClaims();
        this.maxAge = settings.maxAge();
        this.maxAgeLeeway = settings.maxAgeLeeway();
        this.accessTokenProfile = settings.accessTokenProfile();
        this.keys = keys;
        this.jws = new JwsVerifier(keys, settings.algorithms(), settings.tokenTypes(),
                settings.cryptoProvider());
        this.revocations = revocations;
        this.clock = settings.clock();
        this.leeway = settings.leeway();
        this.cache = new VerifiedTokenCache<>(settings.cacheSize(), clock);
        this.admission = new SignatureAdmission(settings.signatureConcurrency(),
                settings.signatureFailureLimit(), settings.signatureFailureWindow(), clock);
    }

    /** A verified token as cached, with the key that verified it. */
    private static final class Cached {
        final VerificationResult result;
        final VerificationKey key;

        Cached(VerificationResult result, VerificationKey key) {
            this.result = result;
            this.key = key;
        }
    }

    /** The values this verifier checks against. */
    public VerifierSettings settings() {
        return settings;
    }

    /** The keys this verifier uses, for monitoring. */
    public KeySource keySource() {
        return keys;
    }

    /** The revocations this verifier enforces, for monitoring. */
    public RevocationStore revocationStore() {
        return revocations;
    }

    /** How the verified-token cache has served so far, for monitoring. */
    public CacheStatistics cacheStatistics() {
        return new CacheStatistics(cache.hits(), cache.misses(), cache.size());
    }

    /** Verifies {@code token} for a caller of unknown address; never throws for bad input. */
    public VerificationResult verify(String token) {
        return verify(token, null);
    }

    /**
     * Verifies {@code token} sent from {@code clientAddress} (null when unknown: no per-address
     * budget applies, and its signature check counts against {@code signature-concurrency});
     * never throws for bad input.
     */
    public VerificationResult verify(String token, String clientAddress) {
        if (token == null || token.isEmpty()) {
            return VerificationResult.rejected(Rejection.MALFORMED);
        }
        if (token.length() > maxTokenLength) {
            return VerificationResult.rejected(Rejection.TOO_LONG);
        }
        Cached cached = cache.get(token);
        if (cached != null) {
            return recheck(token, cached, clientAddress);
        }
        if (admission.isOverBudget(clientAddress)) {
            return VerificationResult.rejected(Rejection.ADDRESS_OVER_BUDGET);
        }
        return verifyFully(token, clientAddress);
    }

    /** The admission rules of this verifier, for tests. */
    SignatureAdmission admission() {
        return admission;
    }

    /** The checks that can change while a token is cached: key in force, time and revocation. */
    private VerificationResult recheck(String token, Cached cached, String clientAddress) {
        Jwt jwt = cached.result.jwt();
        // The issuer is checked against the live set: one removed at run time is refused at once.
        KeySource issuerKeys = keysFor(jwt.issuer());
        if (issuerKeys == null) {
            cache.remove(token);
            return VerificationResult.rejected(Rejection.WRONG_ISSUER);
        }
        if (!jws.wouldPick(cached.key, jwt.issuer(), jwt.keyId(), jwt.algorithm(), issuerKeys)) {
            cache.remove(token);
            return verify(token, clientAddress);
        }
        VerificationResult rejection = timeRejection(clock.instant(), jwt.expiresAt(),
                jwt.notBefore(), jwt.issuedAt());
        if (rejection == null) {
            rejection = revocationRejection(jwt.id(), jwt.subject(), jwt.issuedAt());
        }
        if (rejection == null) {
            return cached.result;
        }
        if (!rejection.rejection().isServerFault()) {
            cache.remove(token);
        }
        return rejection.withVerifiedIds(jwt.subject(), jwt.id());
    }

    private VerificationResult verifyFully(String token, String clientAddress) {
        JwsVerifier.Outcome checked = jws.check(token);
        if (checked.isRejected()) {
            return checked.rejection();
        }
        // The claims are parsed before the signature is checked, to learn the issuer whose keys
        // may verify it; max-token-length and StrictJson's limits keep that cheap and safe.
        Map<String, Object> claims;
        try {
            claims = StrictJson.parseObject(checked.candidate().payload());
        } catch (StrictJson.MalformedJsonException e) {
            return VerificationResult.rejected(Rejection.MALFORMED,
                    "the token claims are malformed: " + e.getMessage());
        }
        Object issuer = claims.get("iss");
        KeySource issuerKeys = issuer instanceof String ? keysFor((String) issuer) : null;
        if (issuerKeys == null) {
            return VerificationResult.rejected(Rejection.WRONG_ISSUER);
        }
        JwsVerifier.Outcome outcome = jws.verify(checked.candidate(), (String) issuer,
                admission.boundFor(clientAddress), issuerKeys);
        if (outcome.isRejected()) {
            if (outcome.rejection().rejection() == Rejection.BAD_SIGNATURE) {
                admission.failed(clientAddress);
            }
            return outcome.rejection();
        }
        VerificationResult result;
        try {
            result = checkClaims(outcome.verified(), claims);
        } catch (Claims.InvalidClaimException e) {
            result = VerificationResult.rejected(Rejection.INVALID_CLAIM, e.getMessage());
        }
        if (!result.isValid()) {
            // The signature verified: its sub and jti are the issuer's word, fit for audit.
            return result.withVerifiedIds(stringOrNull(claims.get("sub")),
                    stringOrNull(claims.get("jti")));
        }
        remember(token, result, outcome.verified().key());
        return result;
    }

    /**
     * The keys that may vouch for {@code issuer}: the configured ones for an issuer of
     * {@code issuer}, the issuer's own for one trusted at run time; null for any other.
     */
    private KeySource keysFor(String issuer) {
        if (issuer == null) {
            return null;
        }
        if (issuers.contains(issuer)) {
            return keys;
        }
        return runtimeIssuers == null ? null : runtimeIssuers.keysOf(issuer);
    }

    private static String stringOrNull(Object value) {
        return value instanceof String ? (String) value : null;
    }

    /** Caches a valid token that expires (one without {@code exp} is never cached). */
    private void remember(String token, VerificationResult result, VerificationKey key) {
        if (cache.isEnabled() && result.isValid() && result.jwt().expiresAt() != null) {
            cache.put(token, new Cached(result, key), result.jwt().expiresAt().plus(leeway));
        }
    }

    private VerificationResult checkClaims(JwsVerifier.Verified verified, Map<String, Object> claims)
            throws Claims.InvalidClaimException {
        if (accessTokenProfile) {
            VerificationResult idToken = AccessTokenProfile.idTokenRejection(claims);
            if (idToken != null) {
                return idToken;
            }
        }
        for (String name : requiredClaims) {
            if (claims.get(name) == null) {
                return VerificationResult.rejected(Rejection.MISSING_CLAIM,
                        "the token lacks the required claim " + name);
            }
        }
        Instant expiresAt = Claims.numericDate(claims, "exp");
        Instant notBefore = Claims.numericDate(claims, "nbf");
        Instant issuedAt = Claims.numericDate(claims, "iat");
        VerificationResult rejection = timeRejection(clock.instant(), expiresAt, notBefore,
                issuedAt);
        if (rejection != null) {
            return rejection;
        }
        if (!audiences.isEmpty() && !hasAcceptedAudience(claims.get("aud"))) {
            return VerificationResult.rejected(Rejection.WRONG_AUDIENCE);
        }
        String subject = Claims.string(claims, "sub");
        String tokenId = Claims.string(claims, "jti");
        rejection = revocationRejection(tokenId, subject, issuedAt);
        if (rejection != null) {
            return rejection;
        }
        String name = principalName(claims);
        if (name == null) {
            return VerificationResult.rejected(Rejection.MISSING_CLAIM,
                    "the token has none of the principal claims " + principalClaims);
        }
        Set<String> roles = Claims.roles(claims, rolesClaims);
        return VerificationResult.valid(new Jwt(verified.header(), claims,
                verified.key().algorithm(), name, roles, expiresAt, notBefore, issuedAt));
    }

    /** Why the token is not valid at {@code now}, or null when it is. */
    private VerificationResult timeRejection(Instant now, Instant expiresAt, Instant notBefore,
            Instant issuedAt) {
        if (expiresAt != null && !now.isBefore(expiresAt.plus(leeway))) {
            return VerificationResult.rejected(Rejection.EXPIRED);
        }
        if (notBefore != null && now.plus(leeway).isBefore(notBefore)) {
            return VerificationResult.rejected(Rejection.NOT_YET_VALID);
        }
        if (issuedAt != null && now.plus(leeway).isBefore(issuedAt)) {
            return VerificationResult.rejected(Rejection.ISSUED_IN_FUTURE);
        }
        if (maxAge != null) {
            if (issuedAt == null) {
                return VerificationResult.rejected(Rejection.MISSING_CLAIM,
                        "the token lacks the claim iat, which max-age needs");
            }
            if (now.minus(maxAgeLeeway).isAfter(issuedAt.plus(maxAge))) {
                return VerificationResult.rejected(Rejection.TOO_OLD);
            }
        }
        return null;
    }

    /** Why the token counts as revoked (or cannot be known not to be), or null. */
    private VerificationResult revocationRejection(String tokenId, String subject,
            Instant issuedAt) {
        if (!revocations.isReady()) {
            return VerificationResult.rejected(Rejection.REVOCATION_UNAVAILABLE);
        }
        if (revocations.isRevoked(tokenId, subject, issuedAt)) {
            return VerificationResult.rejected(Rejection.REVOKED);
        }
        return null;
    }

    private boolean hasAcceptedAudience(Object aud) {
        if (aud instanceof String) {
            return audiences.contains(aud);
        }
        if (aud instanceof List) {
            for (Object value : (List<?>) aud) {
                if (value instanceof String && audiences.contains(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String principalName(Map<String, Object> claims) {
        for (String name : principalClaims) {
            Object value = claims.get(name);
            if (value instanceof String && !((String) value).isEmpty()) {
                return (String) value;
            }
        }
        return null;
    }
}
