package dev.perimeter.example.keys;

import com.auth0.jwt.algorithms.Algorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** The two algorithms the example signs with, and what each needs of its keys. */
public enum SigningAlgorithm {

    /** RSASSA-PKCS1-v1_5 with SHA-256, on a 2048-bit RSA key when generated. */
    RS256("RSA", "SHA256withRSA"),
    /** ECDSA on P-256 with SHA-256. */
    ES256("EC", "SHA256withECDSA");

    private final String keyType;
    private final String jcaSignature;

    SigningAlgorithm(String keyType, String jcaSignature) {
        this.keyType = keyType;
        this.jcaSignature = jcaSignature;
    }

    /** The JCA key algorithm: {@code RSA} or {@code EC}. */
    public String keyType() {
        return keyType;
    }

    /** The JCA signature algorithm, for checking that two halves of a key pair belong together. */
    public String jcaSignature() {
        return jcaSignature;
    }

    /** A fresh key pair: RSA 2048 bits, or EC on P-256. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == RS256) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }

    /** Whether {@code key} is of this algorithm's kind (and, for EC, on P-256). */
    public boolean fits(PrivateKey key) {
        if (this == RS256) {
            return key instanceof RSAPrivateKey && ((RSAPrivateKey) key).getModulus().bitLength() >= 2048;
        }
        return key instanceof ECPrivateKey
                && ((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() == 256;
    }

    /** java-jwt's signing algorithm for this key pair. */
    public Algorithm jwtAlgorithm(PublicKey publicKey, PrivateKey privateKey) {
        if (this == RS256) {
            return Algorithm.RSA256((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
        }
        return Algorithm.ECDSA256((ECPublicKey) publicKey, (ECPrivateKey) privateKey);
    }

    /** The algorithm for a key of the given kind, or null. */
    public static SigningAlgorithm forKey(PrivateKey key) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.fits(key)) {
                return algorithm;
            }
        }
        return null;
    }
}
