package dev.perimeter.jwt.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An identity provider's key set over HTTPS: the JDK's {@link HttpsServer} on 127.0.0.1 with a
 * certificate made by {@code keytool} (of this JVM) for {@code 127.0.0.1} and {@code localhost},
 * answering {@code Cache-Control: no-cache}. {@link #files()} holds the certificate as PEM and
 * trust stores of it as PKCS#12 and JKS, for the filter to trust.
 */
public final class TlsJwksServer implements AutoCloseable {

    public static final String STORE_PASSWORD = "pw-of-the-idp-store-7731";
    private static final String SERVER_PASSWORD = "server-password";

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "tls-jwks-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Path files;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String jwks = "{\"keys\":[]}";

    private TlsJwksServer(Path files) throws Exception {
        this.files = files;
        Keytool.run("-genkeypair", "-alias", "jwks", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", server().toString(), "-storetype", "PKCS12",
                "-storepass", SERVER_PASSWORD, "-keypass", SERVER_PASSWORD);
        Keytool.run("-exportcert", "-rfc", "-alias", "jwks", "-keystore", server().toString(),
                "-storepass", SERVER_PASSWORD, "-file", pem().toString());
        for (String[] store : new String[][] {{"PKCS12", pkcs12().toString()}, {"JKS", jks().toString()}}) {
            Keytool.run("-importcert", "-noprompt", "-alias", "idp-ca", "-file", pem().toString(),
                    "-keystore", store[1], "-storetype", store[0], "-storepass", STORE_PASSWORD);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server())) {
            keys.load(in, SERVER_PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, SERVER_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server whose files (certificate, trust stores) go into {@code files}. */
    public static TlsJwksServer start(Path files) throws Exception {
        return new TlsJwksServer(files);
    }

    /** {@code https://127.0.0.1:<port>/jwks}. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public void serve(String jwks) {
        this.jwks = jwks;
    }

    public int requests() {
        return requests.get();
    }

    public Path files() {
        return files;
    }

    /** The server's certificate, PEM. */
    public Path pem() {
        return files.resolve("idp-ca.pem");
    }

    /** A PKCS#12 trust store holding it, with {@link #STORE_PASSWORD}. */
    public Path pkcs12() {
        return files.resolve("idp-trust.p12");
    }

    /** A JKS trust store holding it, with {@link #STORE_PASSWORD}. */
    public Path jks() {
        return files.resolve("idp-trust.jks");
    }

    private Path server() {
        return files.resolve("server.p12");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
