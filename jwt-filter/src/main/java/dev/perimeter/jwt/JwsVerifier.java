package dev.perimeter.jwt;

import dev.perimeter.jwt.internal.CompactJws;
import dev.perimeter.jwt.internal.StrictJson;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import java.security.Provider;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the JWS layer of a compact token in two steps: {@link #check} the structure and header,
 * then {@link #verify(Candidate, String)} find the key and check the signature. Between the two,
 * {@link TokenVerifier} reads the claimed issuer, so that a key fetched for one issuer is never
 * even tried on another's token. {@link #verify(String)} runs both without an issuer; it is what
 * the Wycheproof conformance vectors exercise, since their payloads are not claim sets.
 */
final class JwsVerifier {

    /** Header parameters that let a token choose its own key: never trusted (RFC 8725 3.10). */
    private static final String[] KEY_CARRYING_HEADERS = {"jwk", "jku", "x5u", "x5c"};

    private final KeySource keySource;
    private final Set<JwsAlgorithm> algorithms;
    private final TokenTypes tokenTypes;
    /** The provider preferred for signature checks; null for the JDK's configured order. */
    private final Provider provider;

    /** A verifier whose signature checks use the JDK's providers in their configured order. */
    public JwsVerifier(KeySource keySource, Set<JwsAlgorithm> algorithms, TokenTypes tokenTypes) {
        this(keySource, algorithms, tokenTypes, null);
    }

    /**
     * A verifier whose signature checks prefer {@code provider} (null: the JDK's configured
     * order) for every algorithm it offers, without registering it in the JVM.
     */
    public JwsVerifier(KeySource keySource, Set<JwsAlgorithm> algorithms, TokenTypes tokenTypes,
            Provider provider) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
        this.algorithms = Set.copyOf(algorithms);
        this.tokenTypes = Objects.requireNonNull(tokenTypes, "tokenTypes");
        this.provider = provider;
    }

    /** A token whose structure and header passed; its signature is not checked yet. */
    static final class Candidate {
        private final CompactJws jws;
        private final Map<String, Object> header;
        private final JwsAlgorithm algorithm;
        private final String keyId;

        Candidate(CompactJws jws, Map<String, Object> header, JwsAlgorithm algorithm, String keyId) {
            this.jws = jws;
            this.header = header;
            this.algorithm = algorithm;
            this.keyId = keyId;
        }

        /** The payload's bytes, decoded from base64url, not parsed. */
        public byte[] payload() {
            return jws.decodePayload();
        }
    }

    /** A token whose signature was verified. */
    static final class Verified {
        private final Candidate candidate;
        private final VerificationKey key;

        Verified(Candidate candidate, VerificationKey key) {
            this.candidate = candidate;
            this.key = key;
        }

        public Map<String, Object> header() {
            return candidate.header;
        }

        public VerificationKey key() {
            return key;
        }

        /** The payload's bytes, decoded from base64url, not parsed. */
        public byte[] payload() {
            return candidate.payload();
        }
    }

    /** The result of a step: a candidate, a verified token, or a rejection. */
    static final class Outcome {
        private final Candidate candidate;
        private final Verified verified;
        private final VerificationResult rejection;

        private Outcome(Candidate candidate, Verified verified, VerificationResult rejection) {
            this.candidate = candidate;
            this.verified = verified;
            this.rejection = rejection;
        }

        public boolean isRejected() {
            return rejection != null;
        }

        /** Whether the signature was verified. */
        public boolean isVerified() {
            return verified != null;
        }

        /** After {@link #check}: the token that passed it. */
        public Candidate candidate() {
            return candidate;
        }

        /** After a {@code verify}: the verified token. */
        public Verified verified() {
            return verified;
        }

        /** The rejection, as a {@link VerificationResult}, when rejected. */
        public VerificationResult rejection() {
            return rejection;
        }
    }

    /** Checks structure, header and signature, with the keys of every issuer. */
    public Outcome verify(String token) {
        Outcome checked = check(token);
        return checked.isRejected() ? checked : verify(checked.candidate(), null);
    }

    /** Checks the structure and the header, before any byte of the payload is parsed. */
    public Outcome check(String token) {
        if (token == null) {
            return reject(Rejection.MALFORMED);
        }
        CompactJws jws = CompactJws.split(token);
        if (jws == null) {
            return reject(Rejection.MALFORMED,
                    "the token is not three canonical base64url segments");
        }
        Map<String, Object> header;
        try {
            header = StrictJson.parseObject(jws.decodeHeader());
        } catch (StrictJson.MalformedJsonException e) {
            return reject(Rejection.MALFORMED, "the token header is malformed: " + e.getMessage());
        }
        for (String name : KEY_CARRYING_HEADERS) {
            if (header.containsKey(name)) {
                return reject(Rejection.FORBIDDEN_HEADER);
            }
        }
        if (header.containsKey("crit")) {
            // Perimeter understands no JWS extension, so any critical one must be refused.
            return reject(Rejection.UNSUPPORTED_CRITICAL);
        }
        Object alg = header.get("alg");
        JwsAlgorithm algorithm = alg instanceof String ? JwsAlgorithm.byName((String) alg) : null;
        if (algorithm == null || !algorithms.contains(algorithm)) {
            return reject(Rejection.ALGORITHM_NOT_ALLOWED);
        }
        Object typ = header.get("typ");
        if ((typ != null && !(typ instanceof String)) || !tokenTypes.accepts((String) typ)) {
            return reject(Rejection.TYPE_NOT_ACCEPTED, tokenTypes.refusal());
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            return reject(Rejection.MALFORMED, "the token header's kid is not a string");
        }
        return new Outcome(new Candidate(jws, header, algorithm, (String) kid), null, null);
    }

    /**
     * Finds the key for a token of {@code issuer} (null: keys of every issuer only) and checks
     * the signature. An unknown key may make a remote key source refetch, rate-limited.
     */
    public Outcome verify(Candidate candidate, String issuer) {
        return verify(candidate, issuer, null);
    }

    /**
     * As {@link #verify(Candidate, String)}, with the signature check itself (not the key lookup)
     * counted against {@code admission}'s bound when given: refused as
     * {@link Rejection#OVERLOADED} when no place is free.
     */
    Outcome verify(Candidate candidate, String issuer, SignatureAdmission admission) {
        return verify(candidate, issuer, admission, keySource);
    }

    /**
     * As {@link #verify(Candidate, String, SignatureAdmission)}, with the keys of
     * {@code keySource}: those of an issuer trusted at run time, which vouch for it alone.
     */
    Outcome verify(Candidate candidate, String issuer, SignatureAdmission admission,
            KeySource keySource) {
        KeySet keys = keySource.current();
        if (keys == null) {
            return reject(Rejection.KEYS_UNAVAILABLE);
        }
        VerificationKey key = keys.find(issuer, candidate.keyId, candidate.algorithm);
        if (key == null && !keys.hasKeyId(issuer, candidate.keyId)) {
            keys = keySource.refreshed(issuer);
            key = keys == null ? null : keys.find(issuer, candidate.keyId, candidate.algorithm);
        }
        if (key == null) {
            if (keys == null || !keySource.isAvailable(issuer)) {
                return reject(Rejection.KEYS_UNAVAILABLE);
            }
            return reject(keys.hasKeyId(issuer, candidate.keyId)
                    ? Rejection.ALGORITHM_MISMATCH : Rejection.UNKNOWN_KEY);
        }
        if (admission != null && !admission.tryEnter()) {
            return reject(Rejection.OVERLOADED);
        }
        boolean verified;
        try {
            verified = key.signature().verifies(candidate.jws, provider);
        } catch (RuntimeException e) {
            // The library's fault on hostile input (say, a malformed DER structure) is still the
            // token's problem: never a 500.
            verified = false;
        } finally {
            if (admission != null) {
                admission.release();
            }
        }
        if (!verified) {
            return reject(Rejection.BAD_SIGNATURE);
        }
        return new Outcome(candidate, new Verified(candidate, key), null);
    }

    /**
     * Whether the keys in force now would pick {@code key} again for a token of this issuer, key
     * id and algorithm: false once it was rotated out or replaced. Never refetches.
     */
    boolean wouldPick(VerificationKey key, String issuer, String keyId, JwsAlgorithm algorithm) {
        return wouldPick(key, issuer, keyId, algorithm, keySource);
    }

    /** As {@link #wouldPick(VerificationKey, String, String, JwsAlgorithm)}, in {@code keySource}. */
    boolean wouldPick(VerificationKey key, String issuer, String keyId, JwsAlgorithm algorithm,
            KeySource keySource) {
        KeySet keys = keySource.current();
        return keys != null && keys.find(issuer, keyId, algorithm) == key;
    }

    private static Outcome reject(Rejection rejection) {
        return new Outcome(null, null, VerificationResult.rejected(rejection));
    }

    private static Outcome reject(Rejection rejection, String detail) {
        return new Outcome(null, null, VerificationResult.rejected(rejection, detail));
    }
}
