package dev.perimeter.it.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for a server on 127.0.0.1 ({@code CN=127.0.0.1}, SAN
 * {@code IP:127.0.0.1}, valid two days), made with the JDK's {@code keytool} as an operator
 * would, in three files of one directory:
 * <ul>
 * <li>{@code server.p12}, the PKCS12 key store with the private key, for the server;</li>
 * <li>{@code server.pem}, the certificate alone, a PEM bundle of one;</li>
 * <li>{@code trust.p12}, a PKCS12 trust store holding only the certificate, for clients.</li>
 * </ul>
 * The passwords are new for each certificate.
 */
public final class LoopbackCertificate {

    private static final Duration KEYTOOL_LIMIT = Duration.ofMinutes(1);
    private static final String ALIAS = "server";

    private final Path keyStore;
    private final Path certificate;
    private final Path trustStore;
    private final String keyStorePassword;
    private final String trustStorePassword;

    private LoopbackCertificate(Path directory, String keyStorePassword, String trustStorePassword) {
        this.keyStore = directory.resolve("server.p12");
        this.certificate = directory.resolve("server.pem");
        this.trustStore = directory.resolve("trust.p12");
        this.keyStorePassword = keyStorePassword;
        this.trustStorePassword = trustStorePassword;
    }

    /** Generates the three files in {@code directory} (which must not hold them yet). */
    public static LoopbackCertificate generate(Path directory) {
        LoopbackCertificate made = new LoopbackCertificate(directory, Passwords.random(), Passwords.random());
        made.write(directory);
        return made;
    }

    private void write(Path directory) {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path log = directory.resolve("keytool.log");
        keytool(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", keyStorePassword, "-keypass", keyStorePassword), log);
        keytool(List.of(keytool, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                "-storepass", keyStorePassword, "-file", certificate.toString()), log);
        keytool(List.of(keytool, "-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(),
                "-storepass", trustStorePassword), log);
    }

    private static void keytool(List<String> command, Path log) {
        Commands.run(command, Map.of(), log, KEYTOOL_LIMIT);
    }

    /** The PKCS12 key store with the private key and certificate, for the server. */
    public Path keyStore() {
        return keyStore;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    /** The certificate as PEM. */
    public Path certificatePem() {
        return certificate;
    }

    /** A PKCS12 trust store that holds the certificate and nothing else. */
    public Path trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    /** TLS that trusts this certificate only, for the tests' own clients. */
    public SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, trustStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + trustStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + trustStore, e);
        }
    }
}
