package dev.perimeter.jwt.keys;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a PEM public key (SubjectPublicKeyInfo) or X.509 certificate with the JDK's parsers. */
public final class PemKeys {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> KEY_FACTORIES = List.of("RSA", "EC", "Ed25519");

    private PemKeys() {
    }

    /**
     * Parses the first PEM block of {@code text}.
     *
     * @throws IllegalArgumentException when there is no supported block or it does not parse
     */
    public static PublicKey parsePublicKey(String text) {
        Matcher matcher = PEM.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException(
                    "no PEM block: expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----");
        }
        String type = matcher.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block " + type + " is not valid base64");
        }
        switch (type) {
            case "PUBLIC KEY":
                return fromSubjectPublicKeyInfo(der);
            case "CERTIFICATE":
                return fromCertificate(der);
            default:
                throw new IllegalArgumentException("unsupported PEM block " + type
                        + ": expected PUBLIC KEY or CERTIFICATE");
        }
    }

    static PublicKey fromSubjectPublicKeyInfo(byte[] der) {
        for (String algorithm : KEY_FACTORIES) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this kind of key; try the next
            }
        }
        throw new IllegalArgumentException("PUBLIC KEY is not an RSA, EC or Ed25519 key");
    }

    private static PublicKey fromCertificate(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CERTIFICATE does not parse as X.509");
        }
    }

    /** Whether {@code text} looks like PEM rather than a location. */
    public static boolean looksLikePem(String text) {
        return text.contains("-----BEGIN ");
    }
}
