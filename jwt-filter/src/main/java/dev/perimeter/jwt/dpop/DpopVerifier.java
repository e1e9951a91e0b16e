package dev.perimeter.jwt.dpop;

import dev.perimeter.jwt.bearer.BearerRequest;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.internal.CompactJws;
import dev.perimeter.jwt.internal.StrictJson;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.Jwks;
import dev.perimeter.jwt.keys.VerificationKey;
import dev.perimeter.jwt.revocation.ReplayStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the DPoP proof of one request, RFC 9449 section 4.3: exactly one {@code DPoP} header
 * holding a compact JWS; {@code typ} {@code dpop+jwt}; an algorithm of {@code dpop-algorithms};
 * a public {@code jwk} (no private member) that verifies the signature; {@code htm} equal to the
 * method; {@code htu} equal, after normalization, to a {@code dpop-url} followed by the request
 * path (never a URL built from the request's own {@code Host}); {@code iat} no older than
 * {@code dpop-proof-age} and no more than {@code leeway} ahead; {@code ath} the SHA-256 of the
 * access token; the server nonce when {@code dpop-nonce} asks for one; and a {@code jti} not seen
 * before on any node within the window. The cheap checks come first, the replay check last, so
 * a forged proof costs one signature check and leaves nothing behind.
 *
 * <p>Thread-safe; it does no I/O except the replay check of a shared store.
 */
public final class DpopVerifier {

    /** The request header of the proof. */
    public static final String PROOF_HEADER = "DPoP";
    /** The response header of a server nonce. */
    public static final String NONCE_HEADER = "DPoP-Nonce";
    /** The {@code typ} of a proof. */
    public static final String PROOF_TYPE = "dpop+jwt";
    /** Longest {@code jti} accepted: a proof with a longer one is refused unparsed further. */
    public static final int MAX_JTI_LENGTH = 256;

    private static final int KEY_CACHE_SIZE = 10_000;

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi",
            "oth", "k");

    private final DpopSettings settings;
    private final List<String> baseUrls;
    private final Set<JwsAlgorithm> algorithms;
    private final long maxAgeSeconds;
    private final long leewaySeconds;
    private final Clock clock;
    private final DpopNonces nonces;
    private final ProofReplays replays;
    /**
     * The keys of recent proofs, by algorithm, thumbprint and the members that decide whether a
     * key is usable: a client signs every request with the same key, and parsing it (EC point
     * check, KeyFactory) costs as much as a signature check. Bounded: cleared when full.
     */
    private final Map<String, KeyAndThumbprint> keys = new ConcurrentHashMap<>();

    private record KeyAndThumbprint(VerificationKey key, String thumbprint) {
    }

    /**
     * A verifier with {@code settings}, asking {@code shared} (null: none) after this node's
     * memory whether a proof was seen before.
     */
    public DpopVerifier(DpopSettings settings, ReplayStore shared) {
        this.settings = settings;
        this.baseUrls = settings.baseUrls();
        this.algorithms = settings.algorithms();
        this.maxAgeSeconds = settings.proofAge().getSeconds();
        this.leewaySeconds = settings.leeway().getSeconds();
        this.clock = settings.clock();
        this.nonces = settings.nonceRequired() ? new DpopNonces(settings.nonceSecret(),
                settings.nonceLifetime().getSeconds(), clock) : null;
        this.replays = new ProofReplays(settings.replayCapacity(), shared, clock);
    }

    public DpopSettings settings() {
        return settings;
    }

    /** Whether a shared store is asked about replays, beside this node's memory. */
    public boolean sharesReplays() {
        return replays.isShared();
    }

    /** The nonce to send in {@value #NONCE_HEADER} now, or null when nonces are off. */
    public String currentNonce() {
        return nonces == null ? null : nonces.current();
    }

    /**
     * Checks the proof {@code request} carries. With {@code accessToken} (at a protected
     * resource) its {@code ath} must be the token's hash; without (at a token endpoint) {@code
     * ath} is not read. Never throws for bad input.
     */
    public DpopResult check(BearerRequest request, String accessToken) {
        List<String> proofs = request.headerValues(PROOF_HEADER);
        if (proofs.size() != 1 || proofs.get(0).isEmpty()) {
            return DpopResult.invalid(proofs.isEmpty() ? "a DPoP proof is required"
                    : "the request must carry exactly one DPoP proof");
        }
        String proof = proofs.get(0).trim();
        if (proof.length() > settings.maxProofLength()) {
            return DpopResult.invalid("the DPoP proof is too long");
        }
        CompactJws jws = CompactJws.split(proof);
        if (jws == null) {
            return DpopResult.invalid("the DPoP proof is malformed");
        }
        Map<String, Object> header = json(jws.decodeHeader());
        Map<String, Object> claims = header == null ? null : json(jws.decodePayload());
        if (header == null || claims == null) {
            return DpopResult.invalid("the DPoP proof is malformed");
        }
        if (!(header.get("typ") instanceof String typ) || !PROOF_TYPE.equalsIgnoreCase(typ)) {
            return DpopResult.invalid("the DPoP proof's typ is not dpop+jwt");
        }
        JwsAlgorithm algorithm = header.get("alg") instanceof String alg ? JwsAlgorithm.byName(alg) : null;
        if (algorithm == null || !algorithms.contains(algorithm)) {
            return DpopResult.invalid("the DPoP proof's algorithm is not accepted");
        }
        if (header.containsKey("crit") || header.containsKey("jku") || header.containsKey("x5u")
                || header.containsKey("x5c")) {
            return DpopResult.invalid("the DPoP proof's header has a member that is not accepted");
        }
        if (!(header.get("jwk") instanceof Map<?, ?> members)) {
            return DpopResult.invalid("the DPoP proof has no jwk");
        }
        @SuppressWarnings("unchecked") // StrictJson answers objects as Map<String, Object>
        Map<String, Object> jwk = (Map<String, Object>) members;
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.containsKey(member)) {
                return DpopResult.invalid("the DPoP proof's jwk holds a private key");
            }
        }
        KeyAndThumbprint parsed = keyOf(jwk, algorithm);
        if (parsed == null) {
            return DpopResult.invalid("the DPoP proof's jwk is not a valid public key for its algorithm");
        }
        VerificationKey key = parsed.key();
        String thumbprint = parsed.thumbprint();
        if (!key.signature().verifies(jws, settings.cryptoProvider())) {
            return DpopResult.invalid("the DPoP proof's signature is invalid");
        }
        return checkClaims(claims, request, accessToken, thumbprint);
    }

    private DpopResult checkClaims(Map<String, Object> claims, BearerRequest request,
            String accessToken, String thumbprint) {
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty()) {
            return DpopResult.invalid("the DPoP proof has no jti");
        }
        if (jti.length() > MAX_JTI_LENGTH) {
            return DpopResult.invalid("the DPoP proof's jti is too long");
        }
        if (!(claims.get("htm") instanceof String htm) || !htm.equals(request.method())) {
            return DpopResult.invalid("the DPoP proof's htm is not this request's method");
        }
        if (!(claims.get("htu") instanceof String htu) || !matchesRequest(htu, request.requestPath())) {
            return DpopResult.invalid("the DPoP proof's htu is not this request's URL");
        }
        if (!(claims.get("iat") instanceof Number iatNumber)) {
            return DpopResult.invalid("the DPoP proof has no numeric iat");
        }
        long iat = (long) Math.floor(iatNumber.doubleValue());
        long now = clock.instant().getEpochSecond();
        if (iat > now + leewaySeconds) {
            return DpopResult.invalid("the DPoP proof was issued in the future");
        }
        if (iat < now - maxAgeSeconds) {
            return DpopResult.invalid("the DPoP proof is too old");
        }
        if (accessToken != null && !(claims.get("ath") instanceof String ath
                && MessageDigest.isEqual(ath.getBytes(StandardCharsets.US_ASCII), tokenHash(accessToken)))) {
            return DpopResult.invalid("the DPoP proof's ath is not the hash of this token");
        }
        if (nonces != null && !(claims.get("nonce") instanceof String nonce && nonces.accepts(nonce))) {
            return DpopResult.failed(DpopResult.Failure.NONCE_REQUIRED,
                    "the DPoP proof must carry the server's current nonce");
        }
        String replayKey = Base64Url.encode(JwkThumbprint.sha256(
                (thumbprint + '.' + jti).getBytes(StandardCharsets.UTF_8)));
        switch (replays.firstUse(replayKey, Instant.ofEpochSecond(iat + maxAgeSeconds + 1))) {
            case FIRST_USE:
                return DpopResult.valid(thumbprint);
            case REPLAY:
                return DpopResult.failed(DpopResult.Failure.REPLAYED, "the DPoP proof was used before");
            case FULL:
                return DpopResult.failed(DpopResult.Failure.UNAVAILABLE,
                        "too many DPoP proofs are being remembered now");
            default:
                return DpopResult.failed(DpopResult.Failure.UNAVAILABLE,
                        "DPoP proofs cannot be checked for replay now");
        }
    }

    /** Whether {@code htu} names a configured base URL followed by this request's path. */
    private boolean matchesRequest(String htu, String requestPath) {
        String normalized = TargetUri.normalize(htu);
        if (normalized == null || requestPath == null) {
            return false;
        }
        for (String base : baseUrls) {
            if (normalized.equals(TargetUri.normalize(base + requestPath))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code ath} of {@code token}: base64url SHA-256 of its ASCII text. */
    static byte[] tokenHash(String token) {
        return Base64Url.encode(JwkThumbprint.sha256(token.getBytes(StandardCharsets.US_ASCII)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private KeyAndThumbprint keyOf(Map<String, Object> jwk, JwsAlgorithm algorithm) {
        String thumbprint = JwkThumbprint.of(jwk);
        if (thumbprint == null) {
            return null;
        }
        // The thumbprint fixes the key material exactly; the members that make Jwks skip a key
        // are part of the cache key, so a hit is what parsing these members would give.
        String cacheKey = algorithm.name() + '|' + thumbprint + '|' + jwk.get("alg") + '|'
                + jwk.get("use") + '|' + jwk.get("key_ops");
        KeyAndThumbprint known = keys.get(cacheKey);
        if (known != null) {
            return known;
        }
        VerificationKey key = publicKey(jwk, algorithm);
        if (key == null) {
            return null;
        }
        if (keys.size() >= KEY_CACHE_SIZE) {
            keys.clear();
        }
        KeyAndThumbprint parsed = new KeyAndThumbprint(key, thumbprint);
        keys.put(cacheKey, parsed);
        return parsed;
    }

    private static VerificationKey publicKey(Map<String, Object> jwk, JwsAlgorithm algorithm) {
        if ("oct".equals(jwk.get("kty"))) {
            return null;
        }
        List<String> skipped = new ArrayList<>(1);
        try {
            VerificationKey key = Jwks.parseKey(jwk, EnumSet.of(algorithm), null, "DPoP proof",
                    skipped::add);
            return key != null && key.algorithm() == algorithm ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, Object> json(byte[] utf8) {
        try {
            return StrictJson.parseObject(utf8);
        } catch (StrictJson.MalformedJsonException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return settings + (replays.isShared() ? ", replays shared" : ", replays on this node");
    }
}
