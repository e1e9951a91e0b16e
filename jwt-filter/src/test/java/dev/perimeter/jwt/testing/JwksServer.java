package dev.perimeter.jwt.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A stand-in identity provider: a second real Jetty on a free loopback port that serves the JSON
 * documents (key sets, discovery documents) a test sets and changes while the filter runs, and
 * counts the requests it receives. An answer may fail, redirect, stall or arrive in chunks.
 * {@link #stop()} and {@link #start()} take the provider down and bring it back on the same port.
 */
public final class JwksServer implements AutoCloseable {

    private static final String WARM_UP = "/.warm-up";
    private static final HttpClient WARM_UP_CLIENT = HttpClient.newHttpClient();

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Released on close, so that stalled answers do not hold up Jetty's stop. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private JwksServer() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ProviderServlet()), "/*");
        server.setHandler(context);
        server.start();
        connector.setPort(connector.getLocalPort()); // a restart binds the same port
        warmUp();
    }

    /**
     * One request before the test's own, answered and not counted: the first request of a JVM
     * loads the JDK's HTTP client and Jetty's request path, which on a loaded machine can take
     * longer than the one-second time-outs the tests use.
     */
    private void warmUp() throws Exception {
        WARM_UP_CLIENT.send(HttpRequest.newBuilder(URI.create(url(WARM_UP)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
        requests.clear();
    }

    /** Starts a provider that answers 404 to everything until told otherwise. */
    public static JwksServer start() throws Exception {
        return new JwksServer();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + connector.getPort() + path;
    }

    /** Serves {@code json} with 200 at {@code path}. */
    public JwksServer serve(String path, String json) {
        return serve(path, Answer.json(json));
    }

    public JwksServer serve(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** How many requests {@code path} received. */
    public int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** How many requests every path together received. */
    public int requests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Takes the provider down: connections are refused until {@link #restart()}. */
    public void stop() throws Exception {
        server.stop();
    }

    /** Brings the provider back on the same port. */
    public void restart() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        closing.countDown();
        server.stop();
    }

    /** What the provider answers at one path. */
    public static final class Answer {
        private final int status;
        private final byte[] body;
        private final Map<String, String> headers;
        private final Duration delay;
        private final int chunkSize;
        private final Duration chunkPause;

        private Answer(int status, byte[] body, Map<String, String> headers, Duration delay,
                int chunkSize, Duration chunkPause) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.delay = delay;
            this.chunkSize = chunkSize;
            this.chunkPause = chunkPause;
        }

        /** 200 {@code application/json} with a Content-Length. */
        public static Answer json(String json) {
            return new Answer(200, json.getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO, 0,
                    Duration.ZERO);
        }

        /** A JSON document of exactly {@code size} bytes: {@code {"keys":[],"padding":"xxx…"}}. */
        public static Answer jsonOfSize(int size) {
            String start = "{\"keys\":[],\"padding\":\"";
            String end = "\"}";
            char[] padding = new char[size - start.length() - end.length()];
            Arrays.fill(padding, 'x');
            return json(start + new String(padding) + end);
        }

        /** {@code status} with a small JSON body. */
        public static Answer status(int status) {
            return new Answer(status, "{\"error\":\"provider\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(), Duration.ZERO, 0, Duration.ZERO);
        }

        /** 302 to {@code location}. */
        public static Answer redirect(String location) {
            return status(302).withHeader("Location", location);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, more, delay, chunkSize, chunkPause);
        }

        /** Answers only after {@code delay} (or when the provider closes). */
        public Answer delayedBy(Duration delay) {
            return new Answer(status, body, headers, delay, chunkSize, chunkPause);
        }

        /** Sends the body without a Content-Length, flushed in 8 KiB chunks. */
        public Answer chunked() {
            return new Answer(status, body, headers, delay, 8192, chunkPause);
        }

        /** Sends the headers at once, then the body in chunks of {@code size} with a pause before each. */
        public Answer trickling(int size, Duration pause) {
            return new Answer(status, body, headers, delay, size, pause);
        }
    }

    private final class ProviderServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            String path = request.getRequestURI();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = answers.getOrDefault(path, Answer.status(404));
            if (!answer.delay.isZero() && pause(answer.delay)) {
                return;
            }
            response.setStatus(answer.status);
            response.setContentType("application/json");
            answer.headers.forEach(response::setHeader);
            OutputStream out = response.getOutputStream();
            if (answer.chunkSize == 0) {
                response.setContentLength(answer.body.length);
                out.write(answer.body);
                return;
            }
            response.flushBuffer(); // committed without a length: chunked transfer coding
            for (int offset = 0; offset < answer.body.length; offset += answer.chunkSize) {
                if (!answer.chunkPause.isZero() && pause(answer.chunkPause)) {
                    return;
                }
                out.write(answer.body, offset, Math.min(answer.chunkSize, answer.body.length - offset));
                out.flush();
            }
        }

        /** Waits; true when the provider is closing and the answer should be abandoned. */
        private boolean pause(Duration duration) {
            try {
                return closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }
}
