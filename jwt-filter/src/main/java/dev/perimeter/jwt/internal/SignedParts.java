package dev.perimeter.jwt.internal;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Hands java-jwt's {@code Algorithm.verify} the signed segments of a token without letting
 * java-jwt parse them: its decoder accepts duplicate members and parses payloads of any size
 * before the signature is known to be good. {@code Algorithm.verify} reads only the segments and
 * the key id; every claim accessor here is unsupported on purpose.
 */
public final class SignedParts implements DecodedJWT {

    private final CompactJws jws;
    private final String keyId;

    public SignedParts(CompactJws jws, String keyId) {
        this.jws = jws;
        this.keyId = keyId;
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
        return keyId;
    }

    @Override
    public String getAlgorithm() {
        throw unsupported();
    }

    @Override
    public String getType() {
        throw unsupported();
    }

    @Override
    public String getContentType() {
        throw unsupported();
    }

    @Override
    public Claim getHeaderClaim(String name) {
        throw unsupported();
    }

    @Override
    public String getIssuer() {
        throw unsupported();
    }

    @Override
    public String getSubject() {
        throw unsupported();
    }

    @Override
    public List<String> getAudience() {
        throw unsupported();
    }

    @Override
    public Date getExpiresAt() {
        throw unsupported();
    }

    @Override
    public Date getNotBefore() {
        throw unsupported();
    }

    @Override
    public Date getIssuedAt() {
        throw unsupported();
    }

    @Override
    public String getId() {
        throw unsupported();
    }

    @Override
    public Claim getClaim(String name) {
        throw unsupported();
    }

    @Override
    public Map<String, Claim> getClaims() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("claims are read by Perimeter's own strict parser");
    }
}
