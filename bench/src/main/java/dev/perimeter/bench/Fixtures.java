package dev.perimeter.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys and the one token every benchmark validates: the same ten claims for each algorithm
 * ({@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code nbf}, {@code jti},
 * {@code groups}, {@code preferred_username}, {@code email}), signed once per JVM.
 */
public final class Fixtures {

    public static final String ISSUER = "https://id.perimeter.example";
    public static final String AUDIENCE = "orders-api";
    public static final String KEY_ID = "bench-1";
    public static final String[] GROUPS = {"user", "orders-read", "orders-write"};
    /** How long the token stays valid from when the fixture is made. */
    public static final long LIFETIME_SECONDS = 4 * 3600;

    private static final Map<String, Fixtures> BY_ALGORITHM = new ConcurrentHashMap<>();

    public final String algorithm;
    /** HMAC secret (HS256), or null. */
    public final byte[] secret;
    /** The public key (RS256, ES256), or null. */
    public final PublicKey publicKey;
    public final String token;
    /** {@code header.payload} as bytes, and the signature in the JCA's own encoding (DER for ECDSA). */
    public final byte[] signingInput;
    public final byte[] jcaSignature;
    /** java-jwt's signer of this fixture's key, for tokens with more claims (DPoP-bound ones). */
    private final Algorithm signer;
    private final Instant issuedAt;

    private Fixtures(String algorithm) throws GeneralSecurityException {
        this.algorithm = algorithm;
        PrivateKey privateKey = null;
        switch (algorithm) {
            case "HS256":
                secret = "perimeter-benchmark-hs256-secret-32+bytes".getBytes(StandardCharsets.UTF_8);
                publicKey = null;
                signer = Algorithm.HMAC256(secret);
                break;
            case "RS256": {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                secret = null;
                publicKey = pair.getPublic();
                privateKey = pair.getPrivate();
                signer = Algorithm.RSA256((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
                break;
            }
            case "ES256": {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                secret = null;
                publicKey = pair.getPublic();
                privateKey = pair.getPrivate();
                signer = Algorithm.ECDSA256((ECPublicKey) publicKey, (ECPrivateKey) privateKey);
                break;
            }
            default:
                throw new IllegalArgumentException("unknown algorithm " + algorithm);
        }
        issuedAt = Instant.now();
        token = claims().sign(signer);
        int secondDot = token.lastIndexOf('.');
        signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        if (privateKey == null) {
            jcaSignature = Base64.getUrlDecoder().decode(token.substring(secondDot + 1));
        } else {
            // For the JDK floor: the same signing input, signed in the JCA's own format.
            Signature jca = Signature.getInstance(jcaName(algorithm));
            jca.initSign(privateKey);
            jca.update(signingInput);
            jcaSignature = jca.sign();
        }
    }

    /** The ten claims of {@link #token}, with the same times. */
    private JWTCreator.Builder claims() {
        return JWT.create()
                .withKeyId(KEY_ID)
                .withIssuer(ISSUER)
                .withSubject("u-104217")
                .withAudience(AUDIENCE)
                .withExpiresAt(issuedAt.plusSeconds(LIFETIME_SECONDS))
                .withIssuedAt(issuedAt)
                .withNotBefore(issuedAt)
                .withJWTId("5f0c1e8a-9b7d-4c2e-a1f3-d8e2b6c4a907")
                .withArrayClaim("groups", GROUPS)
                .withClaim("preferred_username", "alice")
                .withClaim("email", "alice@shop.example");
    }

    /**
     * {@link #token}'s claims plus {@code cnf: {"jkt": jkt}} (RFC 9449 section 6.1), signed with
     * the same key: an access token bound to the DPoP key with that thumbprint.
     */
    public String boundToken(String jkt) {
        return claims().withClaim("cnf", Map.of("jkt", jkt)).sign(signer);
    }

    /** The fixture for HS256, RS256 or ES256; made once per JVM. */
    public static Fixtures of(String algorithm) {
        return BY_ALGORITHM.computeIfAbsent(algorithm, name -> {
            try {
                return new Fixtures(name);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The JCA name of the primitive under an algorithm. */
    public static String jcaName(String algorithm) {
        switch (algorithm) {
            case "HS256":
                return "HmacSHA256";
            case "RS256":
                return "SHA256withRSA";
            default:
                return "SHA256withECDSA";
        }
    }

    /** The public key as PEM, for Perimeter's {@code public-key} parameter. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The decoded claims, to show in reports. */
    public String claimsJson() {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
    }
}
