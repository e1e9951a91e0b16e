package dev.perimeter.jwt.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches small JSON documents (key sets, discovery documents) over HTTPS with the JDK's
 * {@link HttpClient}: connect and read time-outs, a size limit, no redirects (a key set that moved
 * is a configuration matter, not something to follow blindly), and {@code Cache-Control: max-age}
 * reported to the caller.
 */
public final class JsonDocumentFetcher {

    /** Largest document read; real key sets are a few kilobytes. */
    public static final int MAX_BYTES = 512 * 1024;

    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,9})");

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowHttpLoopback;

    /**
     * @param timeout           connect time-out, and time-out for the whole response
     * @param allowHttpLoopback whether plain {@code http://} is allowed for loopback hosts (tests)
     */
    public JsonDocumentFetcher(Duration timeout, boolean allowHttpLoopback) {
        this.timeout = timeout;
        this.allowHttpLoopback = allowHttpLoopback;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        if (scheme.equals("http") && allowHttpLoopback && isLoopback(uri.getHost())) {
            return;
        }
        throw new IllegalArgumentException(uri + " must use https");
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
                .header("Accept", "application/json")
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
            throw new IOException(uri + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(uri + ": " + (cause instanceof IOException && cause.getMessage() != null
                    ? cause.getMessage() : String.valueOf(cause)), cause);
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
