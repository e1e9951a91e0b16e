package dev.perimeter.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.DispatcherType;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The forged-token flood run: embedded Jetty on loopback with Perimeter in its defaults (cache
 * on, {@code signature-concurrency=auto}, {@code signature-failure-limit=20}) serves a valid
 * client (closed loops in this JVM from 127.0.0.1, one cached token) while a second JVM floods the
 * same endpoint from 127.0.0.2 with either forged tokens (the right header and {@code kid}, a
 * fresh random signature each, so no cache of refusals could answer them) or requests without a
 * token. The two floods take turns (ABBA), and the valid client's throughput beside the forged
 * flood is compared with its throughput beside the token-less one. Audit events are formatted as
 * in production but written nowhere, so neither flood is measured as a console's speed. Every
 * phase is bounded in time and requests; nothing leaves 127.0.0.0/8.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.perimeter.bench.FloodLoad
 * [--algs=ES256,RS256] [--client-connections=4] [--flood-connections=8] [--warmup=3]
 * [--seconds=20] [--rounds=4] [--jetty-header-cache=0] [--signature-failure-limit=20]}
 */
public final class FloodLoad {

    /** The flooder's address: loopback, but not the valid client's. */
    static final String FLOODER_ADDRESS = "127.0.0.2";
    /** Cap on one flood turn, whatever the flooder is told. */
    static final int MAX_FLOOD_SECONDS = 300;
    /** Cap on the requests of one flood turn. */
    static final long MAX_FLOOD_REQUESTS = 20_000_000;

    /** What to run. */
    public static final class Options extends TimedOptions {
        public List<String> algorithms = List.of("ES256", "RS256");
        public int clientConnections = 4;
        public int floodConnections = 8;
        /**
         * Jetty's per-connection header cache, in characters; 0 (the default here, as
         * docs/security.md advises for Jetty) turns it off. Jetty's own default, 1024, stores every
         * new {@code Authorization} value, which a flood of distinct tokens makes Jetty's cost.
         */
        public int jettyHeaderCache = 0;
        /** The filter's {@code signature-failure-limit}; null: its default; 0 lets every check run. */
        public String signatureFailureLimit;

        public Options() {
            super(3, 20, 4);
        }

        static Options parse(String[] args) {
            Options options = new Options();
            CommandLine.parse(args, (name, value) -> {
                switch (name) {
                    case "algs":
                        options.algorithms = List.of(value.split(","));
                        return true;
                    case "client-connections":
                        options.clientConnections = Integer.parseInt(value);
                        return true;
                    case "flood-connections":
                        options.floodConnections = Integer.parseInt(value);
                        return true;
                    case "jetty-header-cache":
                        options.jettyHeaderCache = Integer.parseInt(value);
                        return true;
                    case "signature-failure-limit":
                        options.signatureFailureLimit = value;
                        return true;
                    default:
                        return options.setTiming(name, value);
                }
            });
            return options;
        }
    }

    /** What one flood turn sent and got. */
    static final class FloodCounts {
        long requests;
        long status2xx;
        long status4xx;
        long status5xx;
        long failures;
        double seconds;
        /** Filled in by the measuring JVM: its CPU time and the valid client's requests. */
        double serverCpuSeconds;
        long clientRequests;

        void add(FloodCounts other) {
            serverCpuSeconds += other.serverCpuSeconds;
            clientRequests += other.clientRequests;
            requests += other.requests;
            status2xx += other.status2xx;
            status4xx += other.status4xx;
            status5xx += other.status5xx;
            failures += other.failures;
            seconds += other.seconds;
        }

        String line() {
            return requests + " " + status2xx + " " + status4xx + " " + status5xx + " " + failures
                    + " " + seconds;
        }

        static FloodCounts parse(String line) {
            String[] parts = line.trim().split(" ");
            FloodCounts counts = new FloodCounts();
            counts.requests = Long.parseLong(parts[0]);
            counts.status2xx = Long.parseLong(parts[1]);
            counts.status4xx = Long.parseLong(parts[2]);
            counts.status5xx = Long.parseLong(parts[3]);
            counts.failures = Long.parseLong(parts[4]);
            counts.seconds = Double.parseDouble(parts[5]);
            return counts;
        }
    }

    /** The valid client's figures beside one kind of flood, over all turns. */
    public static final class Row {
        public final String algorithm;
        public final String flood;
        public final HttpLoad.Result client;
        final FloodCounts floodCounts;

        Row(String algorithm, String flood, HttpLoad.Result client, FloodCounts floodCounts) {
            this.algorithm = algorithm;
            this.flood = flood;
            this.client = client;
            this.floodCounts = floodCounts;
        }

        public long floodRequests() {
            return floodCounts.requests;
        }

        public long flood5xx() {
            return floodCounts.status5xx;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %d | %.0f | %d | %d"
                    + " | %.1f |", algorithm, flood, client.throughput(), client.p50Micros,
                    client.p99Micros, client.non2xx, floodCounts.requests / floodCounts.seconds,
                    floodCounts.status4xx, floodCounts.status5xx, cpuMicrosPerRequest());
        }

        /** CPU µs of the measuring JVM per request it served, valid or flood, over the turns. */
        public double cpuMicrosPerRequest() {
            // the flood ran a little longer than the client: its rate times the client's time
            double served = floodCounts.clientRequests
                    + floodCounts.requests / floodCounts.seconds * client.seconds;
            return served == 0 ? Double.NaN : floodCounts.serverCpuSeconds * 1e6 / served;
        }
    }

    private FloodLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("flooder")) {
            Flooder.main(args);
            return;
        }
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "Flood load: %s, valid client %d connections from 127.0.0.1,"
                + " flooder %d connections from %s in another JVM, %.0f s per flood kind in %d"
                + " turns (ABBA), Jetty header cache %d, signature-failure-limit %s, loopback;"
                + " load %s%n", options.algorithms, options.clientConnections,
                options.floodConnections, FLOODER_ADDRESS, options.seconds, options.rounds,
                options.jettyHeaderCache, options.signatureFailureLimit == null ? "default"
                        : options.signatureFailureLimit, loadAverage());
        List<Row> rows = run(options);
        System.out.println("| Token | Flood | Valid client req/s | p50 µs | p99 µs | client non-2xx"
                + " | Flood req/s | flood 4xx | flood 5xx | CPU µs/request |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.println(row);
        }
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            System.out.printf(Locale.ROOT, "%s: valid client beside forged / beside token-less"
                    + " flood: %.3f%n", rows.get(i).algorithm,
                    rows.get(i + 1).client.throughput() / rows.get(i).client.throughput());
        }
        System.out.println("load after: " + loadAverage());
    }

    /** For each algorithm: the token-less row, then the forged row. */
    public static List<Row> run(Options options) throws Exception {
        silenceAuditOutput();
        List<Row> rows = new ArrayList<>();
        for (String algorithm : options.algorithms) {
            rows.addAll(run(algorithm, options));
        }
        return rows;
    }

    private static List<Row> run(String algorithm, Options options) throws Exception {
        Fixtures fixtures = Fixtures.of(algorithm);
        JwtConfig config = Contenders.perimeterConfig(fixtures, 10_000, "jdk",
                Contenders.revocations(), options.signatureFailureLimit == null ? Map.of()
                        : Map.of("signature-failure-limit", options.signatureFailureLimit));
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheSize(options.jettyHeaderCache);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpLoad.HelloServlet()), "/*");
        context.addFilter(new FilterHolder(new JwtFilter(config)), "/guarded/*",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try (FlooderProcess flooder = FlooderProcess.start(connector.getLocalPort(),
                fixtures.token, options.floodConnections)) {
            int port = connector.getLocalPort();
            byte[] request = HttpLoad.get("/guarded/hello", fixtures.token);
            HttpLoad.Options client = new HttpLoad.Options();
            client.connections = options.clientConnections;
            client.maxRequests = 5_000_000;
            String[] kinds = {"none", "forged"};
            for (String kind : kinds) {
                besideFlood(flooder, kind, port, request, client, options.warmupSeconds, false);
            }
            HttpLoad.Turn[] turns = new HttpLoad.Turn[2];
            FloodCounts[] floods = {new FloodCounts(), new FloodCounts()};
            double turnSeconds = options.seconds / options.rounds;
            for (int round = 0; round < options.rounds; round++) {
                for (int j = 0; j < 2; j++) {
                    int k = round % 2 == 0 ? j : 1 - j;
                    Object[] pair = besideFlood(flooder, kinds[k], port, request, client,
                            turnSeconds, true);
                    HttpLoad.Turn turn = (HttpLoad.Turn) pair[0];
                    turns[k] = turns[k] == null ? turn : turns[k].plus(turn);
                    floods[k].add((FloodCounts) pair[1]);
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                HttpLoad.Turn t = turns[k];
                rows.add(new Row(algorithm, kinds[k].equals("none") ? "token-less" : "forged "
                        + algorithm, new HttpLoad.Result("valid client", t.requests, t.non2xx,
                                t.failures, t.seconds, t.latencies), floods[k]));
            }
            return rows;
        } finally {
            server.stop();
        }
    }

    /** One turn of the valid client while the flooder sends {@code kind}. */
    private static Object[] besideFlood(FlooderProcess flooder, String kind, int port,
            byte[] request, HttpLoad.Options client, double seconds, boolean record)
            throws Exception {
        // The flood runs a little longer on both sides, so the client never measures a pause.
        flooder.begin(kind, seconds + 1.0);
        Thread.sleep(400);
        long cpuBefore = processCpuNanos();
        HttpLoad.Turn turn = HttpLoad.load(port, request, client, seconds, record);
        long cpu = processCpuNanos() - cpuBefore;
        FloodCounts flood = flooder.end();
        flood.serverCpuSeconds = cpu / 1e9;
        flood.clientRequests = turn.requests;
        return new Object[] {turn, flood};
    }

    /**
     * Formats audit events as production would but writes them nowhere: the run measures the
     * filter, not a console.
     */
    /** CPU time of this JVM (server and valid client), for the cost per request. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void silenceAuditOutput() {
        Logger audit = Logger.getLogger("dev.perimeter.audit");
        audit.setUseParentHandlers(false);
        StreamHandler discard = new StreamHandler(OutputStream.nullOutputStream(),
                new SimpleFormatter());
        audit.addHandler(discard);
        KEPT.add(audit);
    }

    /** Loggers configured here, kept reachable so their settings hold. */
    private static final List<Logger> KEPT = new ArrayList<>();

    static String loadAverage() {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/loadavg")),
                    StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The flooder JVM, driven one turn at a time over its standard input. */
    static final class FlooderProcess implements AutoCloseable {
        private final Process process;
        private final Writer commands;
        private final BufferedReader answers;

        private FlooderProcess(Process process) {
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(),
                    StandardCharsets.US_ASCII);
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
        }

        static FlooderProcess start(int port, String validToken, int connections)
                throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-Xmx512m", "-cp",
                    System.getProperty("java.class.path"), FloodLoad.class.getName(), "flooder",
                    Integer.toString(port), validToken, Integer.toString(connections));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            FlooderProcess flooder = new FlooderProcess(process);
            String ready = flooder.answers.readLine();
            if (!"ready".equals(ready)) {
                flooder.close();
                throw new IOException("the flooder did not start: " + ready);
            }
            return flooder;
        }

        void begin(String kind, double seconds) throws IOException {
            commands.write(kind + " " + seconds + "\n");
            commands.flush();
        }

        FloodCounts end() throws IOException {
            String line = answers.readLine();
            if (line == null) {
                throw new EOFException("the flooder ended");
            }
            return FloodCounts.parse(line);
        }

        @Override
        public void close() {
            try {
                commands.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The flooder's side: {@code flooder <port> <valid token> <connections>}, then per line of
     * standard input {@code <none|forged> <seconds>}, answered by one line of counts; ends at the
     * end of its input.
     */
    static final class Flooder {

        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[1]);
            String validToken = args[2];
            int connections = Integer.parseInt(args[3]);
            String signingInput = validToken.substring(0, validToken.lastIndexOf('.'));
            int signatureLength = Base64.getUrlDecoder()
                    .decode(validToken.substring(validToken.lastIndexOf('.') + 1)).length;
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                    StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.split(" ");
                double seconds = Math.min(MAX_FLOOD_SECONDS, Double.parseDouble(parts[1]));
                boolean forged = parts[0].equals("forged");
                out.println(flood(port, forged ? signingInput : null, signatureLength,
                        connections, seconds).line());
            }
        }

        private static FloodCounts flood(int port, String signingInput, int signatureLength,
                int connections, double seconds) throws InterruptedException {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            AtomicLong budget = new AtomicLong(MAX_FLOOD_REQUESTS);
            List<FloodWorker> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                FloodWorker worker = new FloodWorker(port, signingInput, signatureLength,
                        deadline, budget);
                workers.add(worker);
                worker.start();
            }
            FloodCounts total = new FloodCounts();
            for (FloodWorker worker : workers) {
                worker.join();
                total.add(worker.counts);
            }
            total.seconds = (System.nanoTime() - start) / 1e9;
            return total;
        }
    }

    /** One flooding keep-alive connection from {@link #FLOODER_ADDRESS}. */
    private static final class FloodWorker extends Thread {
        /** Distinct forged tokens per connection, prepared before the clock runs. */
        private static final int POOL = 2_000;

        private final int port;
        private final byte[][] requests;
        private final long deadline;
        private final AtomicLong budget;
        final FloodCounts counts = new FloodCounts();

        FloodWorker(int port, String signingInput, int signatureLength, long deadline,
                AtomicLong budget) {
            super("flood-" + port);
            this.port = port;
            this.deadline = deadline;
            this.budget = budget;
            SecureRandom random = new SecureRandom();
            requests = new byte[signingInput == null ? 1 : POOL][];
            byte[] signature = new byte[signatureLength];
            for (int i = 0; i < requests.length; i++) {
                String forged = null;
                if (signingInput != null) {
                    random.nextBytes(signature);
                    forged = signingInput + "."
                            + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
                }
                requests[i] = HttpLoad.get("/guarded/hello", forged);
            }
        }

        @Override
        public void run() {
            Socket socket = null;
            ResponseReader responses = null;
            int next = 0;
            while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.bind(new InetSocketAddress(FLOODER_ADDRESS, 0));
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(10_000);
                        responses = new ResponseReader(socket);
                    }
                    socket.getOutputStream().write(requests[next]);
                    next = (next + 1) % requests.length;
                    int status = responses.read();
                    counts.requests++;
                    if (status >= 500) {
                        counts.status5xx++;
                    } else if (status >= 400) {
                        counts.status4xx++;
                    } else if (status >= 200 && status < 300) {
                        counts.status2xx++;
                    }
                    if (responses.closeRequested()) {
                        HttpLoad.closeQuietly(socket);
                        socket = null;
                    }
                } catch (IOException e) {
                    counts.failures++;
                    HttpLoad.closeQuietly(socket);
                    socket = null;
                }
            }
            HttpLoad.closeQuietly(socket);
        }
    }
}
