package dev.perimeter.jwt.keys;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureGenerationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * EdDSA over Ed25519 (RFC 8037) for java-jwt, which has none of its own. The signature check is
 * the JDK's own {@code Ed25519} {@link Signature}; this class only feeds it the signing input.
 */
final class EdDsaAlgorithm extends Algorithm {

    private static final String JDK_NAME = "Ed25519";

    private final PublicKey key;

    EdDsaAlgorithm(PublicKey key) {
        super("EdDSA", JDK_NAME);
        if (!"EdDSA".equals(key.getAlgorithm()) && !JDK_NAME.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("EdDSA needs an Ed25519 key");
        }
        this.key = key;
    }

    @Override
    public void verify(DecodedJWT jwt) throws SignatureVerificationException {
        try {
            byte[] signature = Base64.getUrlDecoder().decode(jwt.getSignature());
            Signature verifier = Signature.getInstance(JDK_NAME);
            verifier.initVerify(key);
            verifier.update(jwt.getHeader().getBytes(StandardCharsets.US_ASCII));
            verifier.update((byte) '.');
            verifier.update(jwt.getPayload().getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new SignatureVerificationException(this);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SignatureVerificationException(this, e);
        }
    }

    @Override
    public byte[] sign(byte[] contentBytes) throws SignatureGenerationException {
        throw new SignatureGenerationException(this,
                new UnsupportedOperationException("Perimeter only verifies EdDSA"));
    }
}
