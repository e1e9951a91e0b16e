package dev.perimeter.jwt.keys;

import dev.perimeter.jwt.internal.JavaJwtCheck;
import dev.perimeter.jwt.internal.JcaVerifier;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JWS algorithms Perimeter verifies. Names are matched exactly (RFC 7515 makes {@code alg}
 * case-sensitive), so {@code none}, {@code None} and {@code NONE} are simply unknown.
 */
public enum JwsAlgorithm {
    HS256(Family.HMAC, 32),
    HS384(Family.HMAC, 48),
    HS512(Family.HMAC, 64),
    RS256(Family.RSA, 0),
    RS384(Family.RSA, 0),
    RS512(Family.RSA, 0),
    PS256(Family.RSA_PSS, 0),
    PS384(Family.RSA_PSS, 0),
    PS512(Family.RSA_PSS, 0),
    ES256(Family.EC, 256),
    ES384(Family.EC, 384),
    ES512(Family.EC, 521),
    EdDSA(Family.EDDSA, 0);

    /**
     * Kinds of key; a key of one family never verifies a token of another. Package-private: only
     * this package binds keys to algorithms by family.
     */
    enum Family {
        HMAC, RSA, RSA_PSS, EC, EDDSA;

        /** Whether a key of this family is an RSA key (PKCS#1 v1.5 or PSS). */
        boolean usesRsaKey() {
            return this == RSA || this == RSA_PSS;
        }
    }

    /** Smallest RSA modulus accepted, in bits (RFC 7518 section 3.3). */
    public static final int MIN_RSA_BITS = 2048;

    /** {@link #values()} copies its array on every call; lookups on the request path use this. */
    private static final JwsAlgorithm[] ALL = values();

    private final Family family;
    private final int size;

    JwsAlgorithm(Family family, int size) {
        this.family = family;
        this.size = size;
    }

    Family family() {
        return family;
    }

    /** For HMAC the minimum secret length in bytes; for EC the curve's field size in bits. */
    int size() {
        return size;
    }

    /** Whether this is an HMAC algorithm, checked with a shared secret rather than a public key. */
    public boolean isSymmetric() {
        return family == Family.HMAC;
    }

    /** The algorithm with this exact name, or null. */
    public static JwsAlgorithm byName(String name) {
        if (name == null) {
            return null;
        }
        for (JwsAlgorithm algorithm : ALL) {
            if (algorithm.name().equals(name)) {
                return algorithm;
            }
        }
        return null;
    }

    /** The ECDSA algorithm for a curve of this field size in bits, or null. */
    public static JwsAlgorithm forCurveBits(int bits) {
        for (JwsAlgorithm algorithm : EnumSet.range(ES256, ES512)) {
            if (algorithm.size == bits) {
                return algorithm;
            }
        }
        return null;
    }

    /** The algorithms of {@code family} among {@code allowed}. */
    static Set<JwsAlgorithm> ofFamily(Set<JwsAlgorithm> allowed, Family family) {
        Set<JwsAlgorithm> result = EnumSet.noneOf(JwsAlgorithm.class);
        for (JwsAlgorithm algorithm : allowed) {
            if (algorithm.family == family
                    || (family.usesRsaKey() && algorithm.family.usesRsaKey())) {
                result.add(algorithm);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /**
     * The signature check for this algorithm and public key: java-jwt's own, wrapped so that a
     * preferred JCA provider can be used instead (EdDSA: Perimeter's, on the JDK's Ed25519).
     *
     * @throws IllegalArgumentException when the key does not suit the algorithm or is too weak
     */
    public SignatureCheck verifierFor(PublicKey key) {
        switch (family) {
            case RSA:
            case RSA_PSS:
                if (!(key instanceof RSAPublicKey)) {
                    throw new IllegalArgumentException(name() + " needs an RSA key");
                }
                RSAPublicKey rsa = (RSAPublicKey) key;
                if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new IllegalArgumentException("RSA key of " + rsa.getModulus().bitLength()
                            + " bits; at least " + MIN_RSA_BITS + " are required");
                }
                return rsaVerifier(rsa);
            case EC:
                if (!(key instanceof ECPublicKey)) {
                    throw new IllegalArgumentException(name() + " needs an EC key");
                }
                ECPublicKey ec = (ECPublicKey) key;
                if (!StandardCurves.isNamed(ec.getParams(), curveName())) {
                    // Size alone would let secp256k1 or brainpoolP256r1 pass as P-256.
                    throw new IllegalArgumentException(name() + " needs a key on curve "
                            + curveName() + "; this key is on another curve");
                }
                return JcaVerifier.ecdsa(JavaJwtCheck.ecdsa(hashBits(), ec),
                        "SHA" + hashBits() + "withECDSAinP1363Format", ec, (size + 7) / 8);
            case EDDSA:
                return new EdDsaCheck(key);
            default:
                throw new IllegalArgumentException(name() + " needs a secret, not a public key");
        }
    }

    /**
     * The signature check for this HMAC algorithm and secret: java-jwt's own, wrapped so that a
     * preferred JCA provider can be used instead.
     *
     * @throws IllegalArgumentException when this is not HMAC or the secret is too short
     */
    public SignatureCheck verifierFor(byte[] secret) {
        if (family != Family.HMAC) {
            throw new IllegalArgumentException(name() + " needs a public key, not a secret");
        }
        if (secret.length < size) {
            throw new IllegalArgumentException("secret of " + secret.length + " bytes; " + name()
                    + " needs at least " + size);
        }
        byte[] copy = Arrays.copyOf(secret, secret.length);
        String jcaName = "HmacSHA" + hashBits();
        return JcaVerifier.hmac(JavaJwtCheck.hmac(hashBits(), copy), jcaName,
                new SecretKeySpec(copy, jcaName));
    }

    private SignatureCheck rsaVerifier(RSAPublicKey key) {
        if (family == Family.RSA) {
            return JcaVerifier.signature(JavaJwtCheck.rsa(hashBits(), key),
                    "SHA" + hashBits() + "withRSA", key, null);
        }
        // RFC 7518 section 3.5: MGF1 with the same hash, and a salt as long as the hash.
        String hash = "SHA-" + hashBits();
        PSSParameterSpec parameters = new PSSParameterSpec(hash, "MGF1",
                new MGF1ParameterSpec(hash), hashBits() / 8, PSSParameterSpec.TRAILER_FIELD_BC);
        return JcaVerifier.signature(JavaJwtCheck.rsaPss(hashBits(), key), "RSASSA-PSS", key,
                parameters);
    }

    /** 256, 384 or 512: the SHA-2 size in the name of an HS, RS, PS or ES algorithm. */
    private int hashBits() {
        return Integer.parseInt(name().substring(2));
    }

    /** The JWK/JOSE curve name of an ECDSA algorithm, else null. */
    public String curveName() {
        switch (this) {
            case ES256:
                return "P-256";
            case ES384:
                return "P-384";
            case ES512:
                return "P-521";
            default:
                return null;
        }
    }
}
