package dev.perimeter.jwt.binding;

import dev.perimeter.jwt.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * The certificate thumbprint of RFC 8705 section 3.1: {@code x5t#S256}, the base64url SHA-256 of
 * the client certificate's DER encoding, which a certificate-bound token names in its
 * {@code cnf} claim.
 */
public final class CertificateBinding {

    private CertificateBinding() {
    }

    /** The {@code x5t#S256} of {@code certificate}, or null when it cannot be encoded. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether {@code certificate} (null: none) is the one {@code expected} names. */
    static boolean matches(String expected, X509Certificate certificate) {
        if (certificate == null) {
            return false;
        }
        String actual = thumbprint(certificate);
        return actual != null && MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }
}
