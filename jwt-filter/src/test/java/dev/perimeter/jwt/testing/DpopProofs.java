package dev.perimeter.jwt.testing;

import dev.perimeter.jwt.dpop.JwkThumbprint;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.internal.StrictJson;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * DPoP proofs (RFC 9449) made in tests with a client's key pair: the JSON of a proof's header and
 * claims as text, which a test may change before signing, and the proof signed from them.
 */
public final class DpopProofs {

    /** The external URL tests configure as {@code dpop-url}: never the Jetty's own address. */
    public static final String URL = "https://api.example.test";

    private final KeyPair keys;
    private final String alg;
    private final String javaAlgorithm;
    private final String jwk;

    private DpopProofs(KeyPair keys, String alg, String javaAlgorithm) {
        this.keys = keys;
        this.alg = alg;
        this.javaAlgorithm = javaAlgorithm;
        this.jwk = TestKeys.jwk(keys.getPublic(), null, null);
    }

    /** Proofs by a fresh P-256 key (ES256). */
    public static DpopProofs es256() {
        return new DpopProofs(TestKeys.generateEc("secp256r1"), "ES256", "SHA256withECDSAinP1363Format");
    }

    /** Proofs by {@code keys} with {@code alg}; {@code javaAlgorithm} as {@link TestTokens#sign} names it. */
    public static DpopProofs of(KeyPair keys, String alg, String javaAlgorithm) {
        return new DpopProofs(keys, alg, javaAlgorithm);
    }

    /** The public JWK of the proofs, as JSON text. */
    public String jwk() {
        return jwk;
    }

    /** The RFC 7638 thumbprint of the key, for {@code cnf.jkt}. */
    public String thumbprint() {
        try {
            return JwkThumbprint.of(StrictJson.parseObject(jwk.getBytes(StandardCharsets.UTF_8)));
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for {@code sub} (see {@link TestTokens#claims}) bound to this key. */
    public String boundClaims(String subject, Instant now, String... groups) {
        String claims = TestTokens.claims(subject, now, groups);
        return claims.substring(0, claims.length() - 1) + ",\"cnf\":{\"jkt\":\"" + thumbprint() + "\"}}";
    }

    /** A header as a proof has it: typ, alg and the public jwk. */
    public String header() {
        return "{\"typ\":\"dpop+jwt\",\"alg\":\"" + alg + "\",\"jwk\":" + jwk + "}";
    }

    /** Claims of a proof of {@code method} on {@code url} at {@code iat}, with ath for {@code token} (null: none). */
    public static String claims(String method, String url, Instant iat, String token) {
        return "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + method + "\",\"htu\":\"" + url
                + "\",\"iat\":" + iat.getEpochSecond()
                + (token == null ? "" : ",\"ath\":\"" + ath(token) + "\"") + "}";
    }

    /** A valid proof of {@code method} on {@link #URL} + {@code path} for {@code token}, made now. */
    public String proof(String method, String path, String token) {
        return sign(header(), claims(method, URL + path, Instant.now(), token));
    }

    /** {@code header.claims} signed with this key. */
    public String sign(String headerJson, String claimsJson) {
        return TestTokens.sign(headerJson, claimsJson, javaAlgorithm, keys.getPrivate());
    }

    /** base64url SHA-256 of the token's ASCII text. */
    public static String ath(String token) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
