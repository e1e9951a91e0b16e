package dev.perimeter.jwt.config;

import static dev.perimeter.jwt.config.Parameters.JWKS_TRUST_STORE;
import static dev.perimeter.jwt.config.Parameters.JWKS_TRUST_STORE_PASSWORD;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust store of key fetches ({@code jwks-trust-store}, {@code jwks-trust-store-password}):
 * a PKCS#12 or JKS store, or a PEM bundle of CA certificates, told apart by content. It serves
 * key set and discovery fetches only, through a TLS context of their own, so that trusting a
 * private CA for the identity provider changes nothing for any other TLS client of the server.
 */
final class KeyFetchTrustStore {

    private KeyFetchTrustStore() {
    }

    /**
     * The TLS context of key fetches, or null when no trust store is set (the JVM's default).
     *
     * @throws ConfigException naming the store when it cannot be read or holds no certificate,
     *                         the password when it is wrong or set without a store
     */
    static SSLContext sslContext(ParameterValues v, ResourceLoader loader) {
        String location = v.get(JWKS_TRUST_STORE);
        String password = v.get(JWKS_TRUST_STORE_PASSWORD);
        if (location == null) {
            if (password != null && !password.isEmpty()) {
                throw new ConfigException(JWKS_TRUST_STORE_PASSWORD.name(),
                        "is set, but 'jwks-trust-store' is not");
            }
            return null;
        }
        byte[] content = read(location, loader);
        KeyStore store = isPem(content) ? pemStore(location, content)
                : keyStore(location, content, password);
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(alias -> isCertificate(store, alias))) {
                throw new ConfigException(JWKS_TRUST_STORE.name(),
                        location + " holds no certificate"
                        + (password == null ? " (is 'jwks-trust-store-password' missing?)" : ""));
            }
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(JWKS_TRUST_STORE.name(), location + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #sslContext} was built from, for the summary line: the location, or the JVM's. */
    static String describe(ParameterValues v) {
        String location = v.get(JWKS_TRUST_STORE);
        return location == null ? "jvm-default" : location;
    }

    private static byte[] read(String location, ResourceLoader loader) {
        if (!ResourceLoader.isLocation(location)) {
            throw new ConfigException(JWKS_TRUST_STORE.name(),
                    "expected a file:, classpath: or /WEB-INF/… location, got '" + location + "'");
        }
        try {
            return loader.load(location);
        } catch (IOException e) {
            throw new ConfigException(JWKS_TRUST_STORE.name(), "cannot read " + location + ": "
                    + e.getMessage() + (location.startsWith("/") && !location.startsWith("/WEB-INF/")
                            ? " (a path in the file system needs file:)" : ""));
        }
    }

    private static boolean isPem(byte[] content) {
        String start = new String(content, 0, Math.min(content.length, 256), StandardCharsets.ISO_8859_1);
        return start.replace("\uFEFF", "").stripLeading().startsWith("-----BEGIN ")
                || start.contains("\n-----BEGIN CERTIFICATE-----");
    }

    private static KeyStore pemStore(String location, byte[] content) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(JWKS_TRUST_STORE.name(), location
                    + " is not a PEM bundle of certificates: " + e.getMessage(), e);
        }
    }

    /** PKCS#12 first, then JKS: a wrong password is told apart from a file of neither kind. */
    private static KeyStore keyStore(String location, byte[] content, String password) {
        char[] secret = password == null ? null : password.toCharArray();
        Exception last = null;
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(new ByteArrayInputStream(content), secret);
                return store;
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException) {
                    throw new ConfigException(JWKS_TRUST_STORE_PASSWORD.name(),
                            "does not open " + location + " (wrong password)");
                }
                last = e;
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new ConfigException(JWKS_TRUST_STORE.name(), location
                + " is neither a PKCS#12 or JKS trust store nor a PEM bundle of certificates: "
                + last.getMessage(), last);
    }

    private static boolean isCertificate(KeyStore store, String alias) {
        try {
            return store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
