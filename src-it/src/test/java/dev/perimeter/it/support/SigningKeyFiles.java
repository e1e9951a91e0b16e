package dev.perimeter.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Signing keys for nodes that must share one: PKCS#8 PEM files outside any WAR. */
public final class SigningKeyFiles {

    private SigningKeyFiles() {
    }

    /**
     * Writes a new RSA 2048 private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) to
     * {@code file}, readable by its owner only, as the example's {@code signing-key} expects.
     */
    public static Path writeRsa(Path file) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA here", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The RSA private key that {@link #writeRsa} (or the example, generating its key) wrote to
     * {@code file}, to sign as its node does.
     */
    public static RSAPrivateKey readRsa(Path file) {
        try {
            // Only the private key's block: the example's own file has its public key after it.
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String begin = "-----BEGIN PRIVATE KEY-----";
            int start = text.indexOf(begin);
            int end = text.indexOf("-----END PRIVATE KEY-----");
            if (start < 0 || end < start) {
                throw new IllegalStateException("no PKCS#8 private key in " + file);
            }
            String pem = text.substring(start + begin.length(), end);
            byte[] pkcs8 = Base64.getMimeDecoder().decode(pem);
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an RSA private key: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
