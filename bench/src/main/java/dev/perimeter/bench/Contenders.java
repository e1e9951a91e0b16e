package dev.perimeter.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

/**
 * Every contender, configured with the same checks: signature, {@code exp} (required),
 * {@code nbf}, {@code iss}, {@code aud}, 30 s of leeway; each returns the {@code groups} it read.
 */
public final class Contenders {

    public static final int LEEWAY_SECONDS = 30;
    /** Revoked token ids in Perimeter's denylist during a benchmark. */
    public static final int REVOKED_TOKENS = 100_000;

    private Contenders() {
    }

    /** One way of validating a token and reading its groups. */
    @FunctionalInterface
    public interface Contender {
        /** The groups of a valid token; throws for an invalid one. */
        Collection<?> validate(String token) throws Exception;
    }

    /** java-jwt's own JWTVerifier, built once. */
    public static Contender raw(Fixtures f) {
        Algorithm algorithm;
        switch (f.algorithm) {
            case "HS256":
                algorithm = Algorithm.HMAC256(f.secret);
                break;
            case "RS256":
                algorithm = Algorithm.RSA256((RSAPublicKey) f.publicKey, null);
                break;
            default:
                algorithm = Algorithm.ECDSA256((ECPublicKey) f.publicKey, null);
        }
        JWTVerifier verifier = JWT.require(algorithm)
                .withIssuer(Fixtures.ISSUER)
                .withAudience(Fixtures.AUDIENCE)
                .withClaimPresence("exp")
                .acceptLeeway(LEEWAY_SECONDS)
                .build();
        return token -> verifier.verify(token).getClaim("groups").asList(String.class);
    }

    /** A revocation store holding {@link #REVOKED_TOKENS} revoked ids, none of them the fixture's. */
    public static MemoryRevocationStore revocations() {
        MemoryRevocationStore store = new MemoryRevocationStore(Clock.systemUTC(),
                Duration.ofSeconds(LEEWAY_SECONDS));
        Instant expiry = Instant.now().plusSeconds(Fixtures.LIFETIME_SECONDS);
        for (int i = 0; i < REVOKED_TOKENS; i++) {
            store.revokeToken(UUID.randomUUID().toString(), expiry);
        }
        return store;
    }

    /** Perimeter's configuration for the fixture: {@code cache-size} and {@code crypto-provider} as given. */
    public static JwtConfig perimeterConfig(Fixtures f, int cacheSize, String cryptoProvider,
            MemoryRevocationStore revocations) {
        return perimeterConfig(f, cacheSize, cryptoProvider, revocations, Map.of());
    }

    /** As above, with more parameters by their documented names. */
    public static JwtConfig perimeterConfig(Fixtures f, int cacheSize, String cryptoProvider,
            MemoryRevocationStore revocations, Map<String, String> parameters) {
        JwtConfig.Builder builder = JwtConfig.builder()
                .issuer(Fixtures.ISSUER)
                .audience(Fixtures.AUDIENCE)
                .algorithms(f.algorithm)
                .leeway(Duration.ofSeconds(LEEWAY_SECONDS))
                .set("cache-size", Integer.toString(cacheSize))
                .set("crypto-provider", cryptoProvider)
                .revocationStore(revocations);
        parameters.forEach(builder::set);
        if (f.secret != null) {
            builder.secret("base64:" + Base64.getEncoder().encodeToString(f.secret));
        } else {
            builder.publicKey(f.publicKeyPem());
        }
        return builder.build();
    }

    /**
     * {@link #perimeterConfig} as parameters by their documented names (without the
     * {@code perimeter.jwt.} prefix), for a Perimeter that reads its configuration itself, as in
     * container mode; the revocation store is {@link PreloadedRevocations}.
     */
    public static Map<String, String> perimeterParameters(Fixtures f, int cacheSize,
            String cryptoProvider) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("issuer", Fixtures.ISSUER);
        parameters.put("audience", Fixtures.AUDIENCE);
        parameters.put("algorithms", f.algorithm);
        parameters.put("leeway", Integer.toString(LEEWAY_SECONDS));
        parameters.put("cache-size", Integer.toString(cacheSize));
        parameters.put("crypto-provider", cryptoProvider);
        parameters.put("revocation", PreloadedRevocations.class.getName());
        if (f.secret != null) {
            parameters.put("secret", "base64:" + Base64.getEncoder().encodeToString(f.secret));
        } else {
            parameters.put("public-key", f.publicKeyPem());
        }
        return parameters;
    }

    /** Perimeter's whole TokenVerifier path. */
    public static Contender perimeter(TokenVerifier verifier) {
        return token -> {
            VerificationResult result = verifier.verify(token);
            if (!result.isValid()) {
                throw new IllegalStateException(result.toString());
            }
            return result.jwt().roles();
        };
    }

    /** jose4j's JwtConsumer. */
    public static Contender jose4j(Fixtures f) {
        Key key = f.secret != null ? new HmacKey(f.secret) : f.publicKey;
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(LEEWAY_SECONDS)
                .setExpectedIssuer(Fixtures.ISSUER)
                .setExpectedAudience(Fixtures.AUDIENCE)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, f.algorithm)
                .build();
        return token -> consumer.processToClaims(token).getStringListClaimValue("groups");
    }

    /** Nimbus's DefaultJWTProcessor. */
    public static Contender nimbus(Fixtures f) {
        Key key = f.secret != null ? new SecretKeySpec(f.secret, "HmacSHA256") : f.publicKey;
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.parse(f.algorithm),
                key));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Fixtures.AUDIENCE, new JWTClaimsSet.Builder().issuer(Fixtures.ISSUER).build(),
                Set.of("exp"));
        claims.setMaxClockSkew(LEEWAY_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return token -> processor.process(token, null).getStringListClaim("groups");
    }

    /** jjwt's JwtParser. */
    public static Contender jjwt(Fixtures f) {
        io.jsonwebtoken.JwtParserBuilder builder = Jwts.parser()
                .requireIssuer(Fixtures.ISSUER)
                .requireAudience(Fixtures.AUDIENCE)
                .clockSkewSeconds(LEEWAY_SECONDS);
        if (f.secret != null) {
            builder.verifyWith(Keys.hmacShaKeyFor(f.secret));
        } else {
            builder.verifyWith(f.publicKey);
        }
        io.jsonwebtoken.JwtParser parser = builder.build();
        return token -> {
            io.jsonwebtoken.Claims claims = parser.parseSignedClaims(token).getPayload();
            if (claims.getExpiration() == null) {
                throw new IllegalStateException("no exp");
            }
            return claims.get("groups", List.class);
        };
    }
}
