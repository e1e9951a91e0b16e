package dev.perimeter.jwt.testing;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A small PKI for mutual-TLS tests, made by {@code keytool} (of this JVM) in one PKCS#12 file: a
 * CA, a server certificate for {@code 127.0.0.1} and {@code localhost}, client certificates for
 * {@link #ALICE} and {@link #MALLORY} signed by the CA ({@code -genkeypair -signer}, one keytool
 * run per certificate), and a self-signed client certificate, {@link #STRANGER}, that the CA
 * never signed. Everything is valid for two days from its making.
 */
public final class TestCertificates {

    public static final String CA = "ca";
    public static final String SERVER = "server";
    public static final String ALICE = "alice";
    public static final String MALLORY = "mallory";
    public static final String STRANGER = "stranger";

    /** The password of every store and key this class makes. */
    public static final String PASSWORD = "pw-of-the-mtls-pki-5521";

    private static final String EC = "secp256r1";

    private final KeyStore all;

    private TestCertificates(KeyStore all) {
        this.all = all;
    }

    /** Makes the PKI; its file goes into {@code directory}. */
    public static TestCertificates create(Path directory) throws Exception {
        Path store = directory.resolve("pki.p12");
        generate(store, CA, "CN=Perimeter Test CA", null, "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign");
        generate(store, SERVER, "CN=localhost", CA, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-ext", "EKU=serverAuth");
        generate(store, ALICE, "CN=alice,O=Perimeter Test", CA, "-ext", "EKU=clientAuth");
        generate(store, MALLORY, "CN=mallory,O=Perimeter Test", CA, "-ext", "EKU=clientAuth");
        generate(store, STRANGER, "CN=stranger", null, "-ext", "EKU=clientAuth");
        KeyStore all = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            all.load(in, PASSWORD.toCharArray());
        }
        return new TestCertificates(all);
    }

    private static void generate(Path store, String alias, String dname, String signer,
            String... extensions) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", EC,
                "-dname", dname, "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (signer != null) {
            arguments.addAll(List.of("-signer", signer, "-signerkeypass", PASSWORD));
        }
        arguments.addAll(List.of(extensions));
        Keytool.run(arguments.toArray(String[]::new));
    }

    /** The certificate of {@code alias} ({@link #ALICE}, {@link #CA}...). */
    public X509Certificate certificate(String alias) {
        try {
            return (X509Certificate) all.getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 8705's {@code x5t#S256} of {@code alias}'s certificate: base64url, unpadded, of the
     * SHA-256 of its DER, computed here on its own so that tests check the filter's computation.
     */
    public String thumbprint(String alias) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate(alias).getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store of {@code alias}'s key and chain (leaf, then the CA for signed ones). */
    public KeyStore keyStore(String alias) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] chain = all.getCertificateChain(alias);
            store.setKeyEntry(alias, (PrivateKey) all.getKey(alias, PASSWORD.toCharArray()),
                    PASSWORD.toCharArray(), chain);
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding the CA's certificate only. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(CA, all.getCertificate(CA));
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client's TLS context: trusts the CA (hence the server) and presents {@code alias}'s key
     * and chain whatever issuers the server names, or no certificate at all when {@code alias}
     * is null. (The JDK's own key manager would keep {@link #STRANGER}'s certificate to itself,
     * its issuer not being among those the server accepts; an attacker's client would not.)
     */
    public SSLContext clientContext(String alias) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            KeyManager[] keys = null;
            if (alias != null) {
                // SunX509: its aliases are the store's, which AlwaysPresent hands back as they are.
                KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
                factory.init(keyStore(alias), PASSWORD.toCharArray());
                keys = new KeyManager[] {
                    new AlwaysPresent((X509KeyManager) factory.getKeyManagers()[0], alias)};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client key manager that always offers its one key, whatever the server asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;
        private final String alias;

        AlwaysPresent(X509KeyManager keys, String alias) {
            this.keys = keys;
            this.alias = alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers,
                SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return keys.getCertificateChain(name);
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return keys.getPrivateKey(name);
        }
    }
}
