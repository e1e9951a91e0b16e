package dev.perimeter.jwt.internal;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.perimeter.jwt.keys.SignatureCheck;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * java-jwt's {@link Algorithm#verify} as a {@link SignatureCheck}: the one place Perimeter calls
 * java-jwt. java-jwt asks the JDK's providers in their configured order, so the preferred
 * provider is not its concern ({@link JcaVerifier} uses it).
 *
 * <p>java-jwt is handed the signed segments of the token, never the whole token to parse: its
 * decoder accepts duplicate members and parses payloads of any size before the signature is known
 * to be good.
 */
public final class JavaJwtCheck implements SignatureCheck {

    private final Algorithm algorithm;

    private JavaJwtCheck(Algorithm algorithm) {
        this.algorithm = algorithm;
    }

    /** HS256, HS384 or HS512 ({@code bits}: the SHA-2 size) with this secret. */
    public static JavaJwtCheck hmac(int bits, byte[] secret) {
        return new JavaJwtCheck(bits == 256 ? Algorithm.HMAC256(secret)
                : bits == 384 ? Algorithm.HMAC384(secret) : Algorithm.HMAC512(secret));
    }

    /** RS256, RS384 or RS512 with this key. */
    public static JavaJwtCheck rsa(int bits, RSAPublicKey key) {
        return new JavaJwtCheck(bits == 256 ? Algorithm.RSA256(key)
                : bits == 384 ? Algorithm.RSA384(key) : Algorithm.RSA512(key));
    }

    /** PS256, PS384 or PS512 with this key. */
    public static JavaJwtCheck rsaPss(int bits, RSAPublicKey key) {
        return new JavaJwtCheck(bits == 256 ? Algorithm.RSA256PSS(key)
                : bits == 384 ? Algorithm.RSA384PSS(key) : Algorithm.RSA512PSS(key));
    }

    /** ES256, ES384 or ES512 with this key. */
    public static JavaJwtCheck ecdsa(int bits, ECPublicKey key) {
        return new JavaJwtCheck(bits == 256 ? Algorithm.ECDSA256(key)
                : bits == 384 ? Algorithm.ECDSA384(key) : Algorithm.ECDSA512(key));
    }

    @Override
    public boolean verifies(CompactJws jws, Provider provider) {
        try {
            algorithm.verify(new Segments(jws));
            return true;
        } catch (SignatureVerificationException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return algorithm.getName() + " (java-jwt)";
    }

    /**
     * The segments of a token as java-jwt's {@code Algorithm.verify} reads them: the header,
     * payload and signature text, nothing parsed. Its key id and claims answer as absent:
     * {@code Algorithm.verify} consults the key id only for a key provider, which Perimeter never
     * gives it, and never reads a claim (Perimeter's own strict parser does).
     */
    private static final class Segments implements DecodedJWT {
        private final CompactJws jws;

        Segments(CompactJws jws) {
            this.jws = jws;
        }

        @Override
        public String getToken() {
            return jws.token();
        }

        @Override
        public String getHeader() {
            return jws.encodedHeader();
        }

        @Override
        public String getPayload() {
            return jws.encodedPayload();
        }

        @Override
        public String getSignature() {
            return jws.encodedSignature();
        }

        @Override
        public String getKeyId() {
            return null;
        }

        @Override
        public String getAlgorithm() {
            return null;
        }

        @Override
        public String getType() {
            return null;
        }

        @Override
        public String getContentType() {
            return null;
        }

        @Override
        public Claim getHeaderClaim(String name) {
            return null;
        }

        @Override
        public String getIssuer() {
            return null;
        }

        @Override
        public String getSubject() {
            return null;
        }

        @Override
        public List<String> getAudience() {
            return null;
        }

        @Override
        public Date getExpiresAt() {
            return null;
        }

        @Override
        public Date getNotBefore() {
            return null;
        }

        @Override
        public Date getIssuedAt() {
            return null;
        }

        @Override
        public String getId() {
            return null;
        }

        @Override
        public Claim getClaim(String name) {
            return null;
        }

        @Override
        public Map<String, Claim> getClaims() {
            return Map.of();
        }
    }
}
