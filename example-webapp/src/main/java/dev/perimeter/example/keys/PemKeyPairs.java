package dev.perimeter.example.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes signing key pairs as PEM: an unencrypted PKCS#8 {@code PRIVATE KEY} block,
 * optionally followed by its {@code PUBLIC KEY}. The public half of an RSA key is computed from
 * the private one; that of an EC key comes from the {@code PUBLIC KEY} block or from the public
 * key that OpenSSL stores inside PKCS#8 ({@code openssl genpkey} does).
 */
public final class PemKeyPairs {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PemKeyPairs() {
    }

    /**
     * Reads the key pair in {@code pem}.
     *
     * @throws IllegalArgumentException with a message fit for the user, which never quotes the key
     */
    public static KeyPair read(String pem) {
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String label = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (label) {
                case "PRIVATE KEY":
                    privateDer = der;
                    break;
                case "PUBLIC KEY":
                    publicDer = der;
                    break;
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new IllegalArgumentException("a " + label + " block is not PKCS#8;"
                            + " convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
                case "ENCRYPTED PRIVATE KEY":
                    throw new IllegalArgumentException("the private key is encrypted; give it"
                            + " unencrypted, from a file only its owner can read");
                default:
                    // certificates and other blocks are ignored
            }
        }
        if (privateDer == null) {
            throw new IllegalArgumentException("no -----BEGIN PRIVATE KEY----- block (PKCS#8 PEM)");
        }
        PrivateKey privateKey = privateKey(privateDer);
        PublicKey publicKey = publicDer != null ? publicKey(privateKey.getAlgorithm(), publicDer)
                : derivePublic(privateKey, privateDer);
        KeyPair pair = new KeyPair(publicKey, privateKey);
        requireMatching(pair);
        return pair;
    }

    /** The pair as PEM: {@code PRIVATE KEY} then {@code PUBLIC KEY}. */
    public static String write(KeyPair pair) {
        return block("PRIVATE KEY", pair.getPrivate().getEncoded())
                + block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static PrivateKey privateKey(byte[] der) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException("the PRIVATE KEY is neither an RSA nor an EC key");
    }

    private static PublicKey publicKey(String type, byte[] der) {
        try {
            return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the PUBLIC KEY is not a " + type + " key");
        }
    }

    private static PublicKey derivePublic(PrivateKey key, byte[] pkcs8) {
        try {
            if (key instanceof RSAPrivateCrtKey) {
                RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey) {
                byte[] point = Pkcs8.ecPublicPoint(pkcs8);
                if (point == null) {
                    throw new IllegalArgumentException("the EC private key does not carry its"
                            + " public key; add its -----BEGIN PUBLIC KEY----- block");
                }
                ECPrivateKey ec = (ECPrivateKey) key;
                int size = (point.length - 1) / 2;
                if (point[0] != 4 || point.length != 2 * size + 1) {
                    throw new IllegalArgumentException("the EC public point is not uncompressed");
                }
                ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + size)),
                        new BigInteger(1, Arrays.copyOfRange(point, 1 + size, point.length)));
                return KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(w, ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public key cannot be built: " + e.getMessage());
        }
        throw new IllegalArgumentException("the public key of this private key cannot be found;"
                + " add its -----BEGIN PUBLIC KEY----- block");
    }

    /** Signs and verifies a probe, so that halves of two different pairs are never used together. */
    private static void requireMatching(KeyPair pair) {
        SigningAlgorithm algorithm = SigningAlgorithm.forKey(pair.getPrivate());
        if (algorithm == null) {
            throw new IllegalArgumentException("expected an RSA key of at least 2048 bits or an EC"
                    + " key on P-256");
        }
        try {
            byte[] probe = "perimeter-example key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm.jcaSignature());
            signer.initSign(pair.getPrivate());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.jcaSignature());
            verifier.initVerify(pair.getPublic());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the PUBLIC KEY does not belong to the PRIVATE KEY");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key pair cannot sign: " + e.getMessage());
        }
    }
}
