package dev.perimeter.jwt.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches small JSON documents (key sets, discovery documents) over HTTPS with the JDK's
 * {@link HttpClient}: connect and read time-outs, a size limit, no redirects (a key set that moved
 * is a configuration matter, not something to follow blindly), and {@code Cache-Control: max-age}
 * reported to the caller.
 *
 * <p>The client runs on daemon threads of its own ({@code perimeter-jwks-http-N}) that hold no
 * context class loader, and {@link #close()} stops them and the client, so that nothing of a
 * web application outlives its undeployment.
 */
final class JsonDocumentFetcher implements AutoCloseable {

    /** Largest document read; real key sets are a few kilobytes. */
    public static final int MAX_BYTES = 512 * 1024;

    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,9})");

    /** Numbers the client threads of every fetcher in the JVM. */
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Threads of the HTTP client's asynchronous work, which end when idle. */
    private static final int CLIENT_THREADS = 2;

    private final HttpClient client;
    private final ExecutorService executor;
    private final Duration timeout;
    private final boolean allowHttpLoopback;

    /**
     * A fetcher that trusts the JVM's default trust store.
     *
     * @param timeout           connect time-out, and time-out for the whole response
     * @param allowHttpLoopback whether plain {@code http://} is allowed for loopback hosts
     */
    public JsonDocumentFetcher(Duration timeout, boolean allowHttpLoopback) {
        this(timeout, allowHttpLoopback, null);
    }

    /**
     * @param timeout           connect time-out, and time-out for the whole response
     * @param allowHttpLoopback whether plain {@code http://} is allowed for loopback hosts
     * @param tls               the TLS context of key fetches (its own trust store), or null for
     *                          the JVM's default
     */
    public JsonDocumentFetcher(Duration timeout, boolean allowHttpLoopback, SSLContext tls) {
        this.timeout = timeout;
        this.allowHttpLoopback = allowHttpLoopback;
        // Bounded: many issuers' fetches at once share a few threads (their tasks never block).
        ThreadPoolExecutor pool = new ThreadPoolExecutor(CLIENT_THREADS, CLIENT_THREADS, 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                KeyFetchThreads.numbered("perimeter-jwks-http-", THREADS));
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (tls != null) {
            builder.sslContext(tls);
        }
        // The client's selector thread is started here and inherits this thread's context class
        // loader (the web application's, during a filter's init): give it none.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(null);
        try {
            this.client = builder.build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** A fetched document and how long its server allows it to be cached. */
    public static final class Document {
        private final byte[] body;
        private final OptionalLong maxAgeSeconds;

        Document(byte[] body, OptionalLong maxAgeSeconds) {
            this.body = body;
            this.maxAgeSeconds = maxAgeSeconds;
        }

        public byte[] body() {
            return body;
        }

        public OptionalLong maxAgeSeconds() {
            return maxAgeSeconds;
        }
    }

    /**
     * Checks that {@code uri} may be fetched: https, or http to a loopback host when allowed.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void requireAllowed(URI uri) {
        requireAllowed(uri, allowHttpLoopback);
    }

    /** As {@link #requireAllowed(URI)}, before a fetcher exists. */
    public static void requireAllowed(URI uri, boolean allowHttpLoopback) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(uri + " has no host");
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            if (allowHttpLoopback) {
                return;
            }
            throw new IllegalArgumentException(uri + " must use https (jwks-allow-http-loopback=true"
                    + " allows http to a loopback host, for development)");
        }
        throw new IllegalArgumentException(uri + " must use https" + (scheme.equals("http")
                ? " (jwks-allow-http-loopback allows http to loopback hosts only)" : ""));
    }

    /**
     * GETs {@code uri}, all of it within the time-out.
     *
     * @throws IOException for a network failure, time-out, status other than 200 or an oversized
     *                     body; the message says which, without the body
     */
    public Document fetch(URI uri) throws IOException {
        requireAllowed(uri);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                // JSON first; a key set URL may also answer one PEM key (MicroProfile JWT's
                // publickey.location), which servers label as PEM or plain text.
                .header("Accept", "application/json, application/jwk-set+json,"
                        + " application/x-pem-file;q=0.9, text/plain;q=0.8")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, info -> new LimitedBody(info.statusCode() == 200));
        HttpResponse<byte[]> response;
        try {
            // The request time-out covers only the headers; this bounds a trickling body too.
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException(uri + ": timed out, did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(uri + ": " + cause(cause), cause);
        }
        int status = response.statusCode();
        if (status != 200) {
            throw new IOException(uri + " answered HTTP " + status
                    + (status / 100 == 3 ? " (redirects are not followed)" : ""));
        }
        return new Document(response.body(),
                maxAge(response.headers().firstValue("Cache-Control").orElse("")));
    }

    /** Collects a body of at most {@link #MAX_BYTES}; discards the body of a failed response. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final boolean keep;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private long size;
        private Flow.Subscription subscription;

        LimitedBody(boolean keep) {
            this.keep = keep;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                size += item.remaining();
                if (size > MAX_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException(
                            "the document is larger than " + MAX_BYTES + " bytes"));
                    return;
                }
                if (keep) {
                    byte[] bytes = new byte[item.remaining()];
                    item.get(bytes);
                    buffer.write(bytes, 0, bytes.length);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(keep ? buffer.toByteArray() : new byte[0]);
        }
    }

    /**
     * Why a request failed, in the words an operator looks for: "connection refused", "timed
     * out", "unknown host", "TLS handshake failed". The JDK's client often gives these exceptions
     * no message at all.
     */
    static String cause(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && !(t instanceof HttpConnectTimeoutException)) {
                return "connection refused" + detail(t, "Connection refused");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "timed out while connecting";
            }
            if (t instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host" + detail(t, null);
            }
            if (t instanceof SSLHandshakeException) {
                String message = String.valueOf(t.getMessage());
                return "TLS handshake failed" + (message.contains("PKIX")
                        ? ": the server's certificate is not trusted by the trust store of key"
                                + " fetches (see jwks-trust-store)"
                        : ": " + message);
            }
            if (t instanceof ClosedChannelException) {
                return "connection closed";
            }
            root = t;
        }
        String message = failure.getMessage() != null ? failure.getMessage() : root.getMessage();
        return message != null ? message : failure.getClass().getSimpleName();
    }

    private static String detail(Throwable t, String same) {
        String message = t.getMessage();
        return message == null || message.isBlank() || message.equalsIgnoreCase(same) ? ""
                : " (" + message + ")";
    }

    /**
     * Stops the client and its threads. On Java 21 and later the client itself is shut down
     * (its {@code shutdownNow()}, called by reflection since this code is built for Java 17); on
     * Java 17 the client has no such method, and its selector thread ends by itself once the
     * client is no longer referenced.
     */
    @Override
    public void close() {
        try {
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            shutdownNow.invoke(client);
            Method awaitTermination = HttpClient.class.getMethod("awaitTermination", Duration.class);
            awaitTermination.invoke(client, Duration.ofSeconds(2));
        } catch (NoSuchMethodException e) {
            // Java 17: nothing to call
        } catch (ReflectiveOperationException | RuntimeException e) {
            // closing is best effort: the executor below still stops
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static OptionalLong maxAge(String cacheControl) {
        String lower = cacheControl.toLowerCase(Locale.ROOT);
        if (lower.contains("no-store") || lower.contains("no-cache")) {
            return OptionalLong.of(0);
        }
        Matcher matcher = MAX_AGE.matcher(lower);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
            return false; // only literal addresses: a name could resolve anywhere
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
