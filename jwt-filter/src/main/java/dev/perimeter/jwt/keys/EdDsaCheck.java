package dev.perimeter.jwt.keys;

import dev.perimeter.jwt.internal.CompactJws;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

/**
 * EdDSA over Ed25519 (RFC 8037), which java-jwt does not offer. The check is the JDK's own
 * {@code Ed25519} {@link Signature}, in the JDK's provider order whatever provider is preferred
 * (as before); this class only feeds it the signing input.
 */
final class EdDsaCheck implements SignatureCheck {

    private static final String JDK_NAME = "Ed25519";

    private final PublicKey key;

    EdDsaCheck(PublicKey key) {
        if (!"EdDSA".equals(key.getAlgorithm()) && !JDK_NAME.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("EdDSA needs an Ed25519 key");
        }
        this.key = key;
    }

    @Override
    public boolean verifies(CompactJws jws, Provider provider) {
        try {
            Signature verifier = Signature.getInstance(JDK_NAME);
            verifier.initVerify(key);
            verifier.update(jws.signingInput());
            return verifier.verify(jws.decodeSignature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "EdDSA (" + JDK_NAME + ")";
    }
}
