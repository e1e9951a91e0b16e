package dev.perimeter.jwt.keys;

import dev.perimeter.jwt.internal.CompactJws;
import dev.perimeter.jwt.internal.JcaVerifier;
import java.security.Provider;
import java.security.PublicKey;

/**
 * EdDSA over Ed25519 (RFC 8037), which java-jwt does not offer: an {@code Ed25519} {@link
 * java.security.Signature} of the preferred {@code crypto-provider} when it has one, else the
 * JDK's, from a small pool of engines keyed once ({@link JcaVerifier}); this class only checks
 * the key and feeds it the token.
 */
final class EdDsaCheck implements SignatureCheck {

    private static final String JDK_NAME = "Ed25519";

    private final JcaVerifier engines;

    EdDsaCheck(PublicKey key) {
        if (!"EdDSA".equals(key.getAlgorithm()) && !JDK_NAME.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("EdDSA needs an Ed25519 key");
        }
        this.engines = JcaVerifier.withoutJavaJwt(JDK_NAME, key);
    }

    @Override
    public boolean verifies(CompactJws jws, Provider provider) {
        return engines.verifies(jws, provider);
    }

    @Override
    public String toString() {
        return "EdDSA (" + JDK_NAME + ")";
    }
}
