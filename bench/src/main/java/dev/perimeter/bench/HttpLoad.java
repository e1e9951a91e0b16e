package dev.perimeter.bench;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP load run: embedded Jetty on loopback serves a tiny endpoint twice, at {@code /plain/}
 * without the filter and at {@code /guarded/} behind Perimeter, and a closed-loop generator
 * (keep-alive sockets, one request in flight per connection) sends the same token to each in
 * turn. Every phase is bounded in time and in requests; nothing leaves 127.0.0.1.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.perimeter.bench.HttpLoad [--alg=RS256]
 * [--connections=8] [--warmup=5] [--seconds=15] [--rounds=3] [--max-requests=3000000]}
 */
public final class HttpLoad {

    /** What to run. */
    public static final class Options extends TimedOptions {
        public String algorithm = "RS256";
        public int connections = 8;
        public long maxRequests = 3_000_000;

        public Options() {
            super(5, 15, 3);
        }

        static Options parse(String[] args) {
            Options options = new Options();
            CommandLine.parse(args, (name, value) -> {
                switch (name) {
                    case "alg":
                        options.algorithm = value;
                        return true;
                    case "connections":
                        options.connections = Integer.parseInt(value);
                        return true;
                    case "max-requests":
                        options.maxRequests = Long.parseLong(value);
                        return true;
                    default:
                        return options.setTiming(name, value);
                }
            });
            return options;
        }
    }

    /** The figures of one measured phase. */
    public static final class Result {
        public final String name;
        public final long requests;
        public final long non2xx;
        public final long failures;
        public final double seconds;
        public final double p50Micros;
        public final double p99Micros;

        Result(String name, long requests, long non2xx, long failures, double seconds,
                long[] latencies) {
            this.name = name;
            this.requests = requests;
            this.non2xx = non2xx;
            this.failures = failures;
            this.seconds = seconds;
            Arrays.sort(latencies);
            this.p50Micros = percentile(latencies, 0.50) / 1e3;
            this.p99Micros = percentile(latencies, 0.99) / 1e3;
        }

        public double throughput() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %d | %d |", name,
                    requests, throughput(), p50Micros, p99Micros, non2xx, failures);
        }
    }

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "HTTP load: %s token, %d connections, %.0f s warm-up and"
                + " %.0f s per phase in %d turns (at most %d requests per turn), loopback%n",
                options.algorithm, options.connections, options.warmupSeconds, options.seconds,
                options.rounds, options.maxRequests);
        print(run(options));
    }

    /** The table of {@code results}, then each one's throughput over the first's (unfiltered). */
    static void print(List<Result> results) {
        System.out.println("| Endpoint | Requests | Requests/s | p50 µs | p99 µs | non-2xx | errors |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result result : results) {
            System.out.println(result);
        }
        Result plain = results.get(0);
        for (Result result : results.subList(1, results.size())) {
            System.out.printf(Locale.ROOT, "%s / unfiltered throughput: %.2f%n", result.name,
                    result.throughput() / plain.throughput());
        }
    }

    /** Runs every phase: unfiltered, filtered with the cache, filtered without it. */
    public static List<Result> run(Options options) throws Exception {
        Fixtures fixtures = Fixtures.of(options.algorithm);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HelloServlet()), "/*");
        // Both filtered paths share one revocation store of 100,000 revoked ids.
        var revocations = Contenders.revocations();
        JwtConfig warm = Contenders.perimeterConfig(fixtures, 10_000, "jdk", revocations);
        JwtConfig cold = Contenders.perimeterConfig(fixtures, 0, "jdk", revocations);
        context.addFilter(new FilterHolder(new JwtFilter(warm)), "/guarded/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new JwtFilter(cold)), "/guarded-cold/*",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try {
            int port = connector.getLocalPort();
            String[][] phases = {
                {"unfiltered (/plain)", "/plain/hello"},
                {"Perimeter, cache on (/guarded)", "/guarded/hello"},
                {"Perimeter, cache off (/guarded-cold)", "/guarded-cold/hello"},
            };
            return measure(port, phases, fixtures.token, options);
        } finally {
            server.stop();
        }
    }

    /**
     * Warms each phase ({@code {name, path}}) up, then loads them in turns, {@code rounds} times
     * one after the other, all with {@code token}; answers each phase's figures, in order.
     */
    static List<Result> measure(int port, String[][] phases, String token, Options options)
            throws InterruptedException {
        byte[][] requests = new byte[phases.length][];
        for (int i = 0; i < phases.length; i++) {
            requests[i] = get(phases[i][1], token);
            load(port, requests[i], options, options.warmupSeconds, false);
        }
        Turn[] totals = new Turn[phases.length];
        for (int round = 0; round < options.rounds; round++) {
            for (int i = 0; i < phases.length; i++) {
                Turn turn = load(port, requests[i], options, options.seconds / options.rounds,
                        true);
                totals[i] = totals[i] == null ? turn : totals[i].plus(turn);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < phases.length; i++) {
            Turn t = totals[i];
            results.add(new Result(phases[i][0], t.requests, t.non2xx, t.failures, t.seconds,
                    t.latencies));
        }
        return results;
    }

    /** The raw figures of one or more turns at one endpoint. */
    static final class Turn {
        final long requests;
        final long non2xx;
        final long failures;
        final double seconds;
        final long[] latencies;

        Turn(long requests, long non2xx, long failures, double seconds, long[] latencies) {
            this.requests = requests;
            this.non2xx = non2xx;
            this.failures = failures;
            this.seconds = seconds;
            this.latencies = latencies;
        }

        Turn plus(Turn other) {
            long[] merged = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
            System.arraycopy(other.latencies, 0, merged, latencies.length, other.latencies.length);
            return new Turn(requests + other.requests, non2xx + other.non2xx,
                    failures + other.failures, seconds + other.seconds, merged);
        }
    }

    /** One turn: {@code connections} closed loops until the time or the request budget runs out. */
    static Turn load(int port, byte[] request, Options options, double seconds,
            boolean record) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong budget = new AtomicLong(options.maxRequests);
        Worker[] workers = new Worker[options.connections];
        int perWorker = (int) Math.min(Integer.MAX_VALUE - 8,
                options.maxRequests / options.connections + 1);
        long start = System.nanoTime();
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(port, request, deadline, budget,
                    record ? perWorker : 0);
            workers[i].start();
        }
        long requests = 0;
        long non2xx = 0;
        long failures = 0;
        int latencyCount = 0;
        for (Worker worker : workers) {
            worker.join();
            requests += worker.requests;
            non2xx += worker.non2xx;
            failures += worker.failures;
            latencyCount += worker.recorded;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latencies = new long[latencyCount];
        int at = 0;
        for (Worker worker : workers) {
            System.arraycopy(worker.latencies, 0, latencies, at, worker.recorded);
            at += worker.recorded;
        }
        return new Turn(requests, non2xx, failures, elapsed, latencies);
    }

    /** A keep-alive {@code GET} of {@code path} on loopback, with {@code token} unless it is null. */
    static byte[] get(String path, String token) {
        String authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** One keep-alive connection sending requests one after the other. */
    private static final class Worker extends Thread {
        private final int port;
        private final byte[] request;
        private final long deadline;
        private final AtomicLong budget;
        private final int capacity;
        long[] latencies;
        int recorded;
        long requests;
        long non2xx;
        long failures;

        Worker(int port, byte[] request, long deadline, AtomicLong budget, int capacity) {
            super("load-" + port);
            this.port = port;
            this.request = request;
            this.deadline = deadline;
            this.budget = budget;
            this.capacity = capacity;
            this.latencies = new long[Math.min(capacity, 16_384)];
        }

        @Override
        public void run() {
            Socket socket = null;
            ResponseReader responses = null;
            try {
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    if (socket == null) {
                        socket = new Socket(InetAddress.getLoopbackAddress(), port);
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(10_000);
                        responses = new ResponseReader(socket);
                    }
                    long sent = System.nanoTime();
                    int status;
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(request);
                        out.flush();
                        status = responses.read();
                    } catch (IOException e) {
                        failures++;
                        closeQuietly(socket);
                        socket = null;
                        continue;
                    }
                    long took = System.nanoTime() - sent;
                    requests++;
                    if (status < 200 || status > 299) {
                        non2xx++;
                    }
                    if (recorded == latencies.length && recorded < capacity) {
                        latencies = Arrays.copyOf(latencies,
                                (int) Math.min(capacity, 2L * latencies.length));
                    }
                    if (recorded < latencies.length) {
                        latencies[recorded++] = took;
                    }
                    if (responses.closeRequested()) {
                        closeQuietly(socket);
                        socket = null;
                    }
                }
            } catch (IOException e) {
                failures++;
            } finally {
                closeQuietly(socket);
            }
        }
    }

    /** The tiny endpoint: a greeting with the caller's name. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            String user = request.getRemoteUser();
            byte[] body = ("hello " + (user == null ? "anonymous" : user) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
