package dev.perimeter.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * A DPoP client's key and the proofs it signs (RFC 9449 section 4.2): header {@code typ},
 * {@code alg} and the public {@code jwk}; claims {@code jti} (a new UUID each), {@code htm},
 * {@code htu}, {@code iat} and {@code ath}. The bench's own maker, independent of Perimeter's
 * code (its test fixtures are not on this class path), so the thumbprint it puts in a token's
 * {@code cnf.jkt} is an outside check of Perimeter's RFC 7638 computation.
 */
public final class DpopProofMaker {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** The JOSE name: ES256, EdDSA or RS256. */
    public final String algorithm;
    public final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final String jwk;
    private final String thumbprint;
    private final String encodedHeader;
    /** Signs proofs: the native provider's engine when it has one (setup speed only), else the JDK's. */
    private final Signature signer;

    private DpopProofMaker(String algorithm) throws GeneralSecurityException {
        this.algorithm = algorithm;
        KeyPair pair = generate(algorithm);
        this.publicKey = pair.getPublic();
        this.privateKey = pair.getPrivate();
        String[] members = jwkMembers(publicKey);
        this.jwk = members[0];
        this.thumbprint = BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(members[1].getBytes(StandardCharsets.UTF_8)));
        this.encodedHeader = b64("{\"typ\":\"dpop+jwt\",\"alg\":\"" + algorithm + "\",\"jwk\":"
                + jwk + "}");
        this.signer = signer(jcaName(algorithm), privateKey);
    }

    /** A fresh key pair for {@code algorithm} (ES256: P-256, EdDSA: Ed25519, RS256: RSA 2048). */
    public static DpopProofMaker of(String algorithm) {
        try {
            return new DpopProofMaker(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JCA name that verifies a JOSE signature of {@code algorithm} as it is on the wire. */
    public static String jcaName(String algorithm) {
        switch (algorithm) {
            case "ES256":
                return "SHA256withECDSAinP1363Format";
            case "EdDSA":
                return "Ed25519";
            case "RS256":
                return "SHA256withRSA";
            default:
                throw new IllegalArgumentException("unknown proof algorithm " + algorithm);
        }
    }

    /** The public JWK as JSON text. */
    public String jwk() {
        return jwk;
    }

    /** The RFC 7638 SHA-256 thumbprint of the key, base64url: what {@code cnf.jkt} names. */
    public String thumbprint() {
        return thumbprint;
    }

    /** A new proof of {@code method} on {@code url} for {@code accessToken}, issued at {@code iat}. */
    public String proof(String method, String url, String accessToken, Instant iat) {
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + method
                + "\",\"htu\":\"" + url + "\",\"iat\":" + iat.getEpochSecond() + ",\"ath\":\""
                + ath(accessToken) + "\"}";
        String signingInput = encodedHeader + "." + b64(claims);
        try {
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** base64url SHA-256 of the token's ASCII text (RFC 9449 section 4.2, {@code ath}). */
    public static String ath(String accessToken) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm) throws GeneralSecurityException {
        switch (algorithm) {
            case "ES256": {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            case "EdDSA":
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            case "RS256": {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            }
            default:
                throw new IllegalArgumentException("unknown proof algorithm " + algorithm);
        }
    }

    /** The JWK JSON, and the JSON of only its required members in order (RFC 7638 section 3.2). */
    private static String[] jwkMembers(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            String x = b64(fixed(ec.getW().getAffineX(), 32));
            String y = b64(fixed(ec.getW().getAffineY(), 32));
            String required = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
            return new String[] {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + x + "\",\"y\":\"" + y
                    + "\"}", required};
        }
        if (key instanceof RSAPublicKey rsa) {
            String n = b64(unsigned(rsa.getModulus()));
            String e = b64(unsigned(rsa.getPublicExponent()));
            String required = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
            return new String[] {"{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\"}", required};
        }
        // Ed25519: the SubjectPublicKeyInfo ends with the 32 key bytes (RFC 8410).
        byte[] encoded = key.getEncoded();
        String x = b64(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        String required = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
        return new String[] {"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}", required};
    }

    private static Signature signer(String jcaName, PrivateKey key) throws GeneralSecurityException {
        try {
            Provider accp = Native.provider();
            Signature signature = Signature.getInstance(jcaName, accp);
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // The native provider lacks the algorithm or is unusable here: the JDK signs, slower.
            Signature signature = Signature.getInstance(jcaName);
            signature.initSign(key);
            return signature;
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }
}
