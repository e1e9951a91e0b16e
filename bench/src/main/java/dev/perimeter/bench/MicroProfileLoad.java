package dev.perimeter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * HTTP throughput of one MicroProfile JWT application on two servers side by side: on a real
 * Tomcat 10.1 with jwt-microprofile (Perimeter's verifier) and Weld, Jersey and Parsson in the
 * WAR, and on Payara Micro 6 with Payara's own MP-JWT ({@link MpWars}: the same classes and
 * {@code microprofile-config.properties}). Each server runs in its own JVM (same JDK and heap) on
 * a loopback port; the same RS256 token goes to {@code GET /api/hello} on each
 * ({@code @RolesAllowed("orders-read")}, answering the injected {@code JsonWebToken}'s name).
 * Tomcat runs twice, as shipped (Perimeter's verified-token cache on) and with
 * {@code -Dperimeter.jwt.cache-size=0}, which checks the signature on every request as Payara does;
 * and, unless {@code --open=false}, Tomcat and Payara also serve {@code GET /api/hello/open}
 * ({@code @PermitAll}) without a token, each server's cost besides the token's.
 *
 * <p>Before measuring, each server must answer 401 without a token, 403 for a group the token
 * lacks, 200 {@code hello alice} with it, and keep one connection for 300 requests. Then
 * HttpLoad's generator warms each target up and loads them in turns, round after round, the
 * order reversed every other round (ABC, CBA…), so drift falls on all alike; each round's throughput ratio is taken within the
 * round and the median reported with a 95 % interval, as in {@link PairedRounds}. Every turn is
 * bounded in time and requests, the servers are stopped at the end (or when the JVM is stopped),
 * and nothing leaves 127.0.0.1. The run fails on any non-2xx answer or connection error.
 *
 * <p>Built by {@code mvn -pl bench -am package -DskipTests -Pmp-load}, which puts the servers
 * and the Tomcat WAR's jars in {@code bench/target/mp-load/}; then
 * {@code java -cp bench/target/benchmarks.jar dev.perimeter.bench.MicroProfileLoad
 * [--servers=tomcat,tomcat-cold,payara] [--connections=8] [--warmup=90] [--seconds=60] [--rounds=10]
 * [--max-requests=3000000] [--open=true] [--heap=1g] [--dir=bench/target/mp-load]}.
 */
public final class MicroProfileLoad {

    public static final String TOMCAT = "tomcat";
    /** The same Tomcat WAR with Perimeter's verified-token cache off, as Payara has none. */
    public static final String TOMCAT_COLD = "tomcat-cold";
    public static final String PAYARA = "payara";
    static final List<String> SERVERS = List.of(TOMCAT, TOMCAT_COLD, PAYARA);
    static final String ENDPOINT = "/api/hello";
    static final String FORBIDDEN = "/api/hello/admin";
    /** {@code @PermitAll}, loaded without a token: what the server costs besides the token. */
    static final String OPEN = "/api/hello/open";
    static final String OPEN_SUFFIX = "-open";
    static final String EXPECTED_BODY = "hello alice\n";
    static final int KEEP_ALIVE_REQUESTS = 300;
    /** Payara Micro unpacks about 100 MB before it deploys; both start on a busy 2-core machine. */
    static final Duration READY_LIMIT = Duration.ofMinutes(5);

    /** What to run. */
    public static final class Options extends TimedOptions {
        public int connections = 8;
        public long maxRequests = 3_000_000;
        public List<String> servers = SERVERS;
        /** {@code -Xms} and {@code -Xmx} of both servers' JVMs. */
        public String heap = "1g";
        /** Also load {@link #OPEN} without a token on Tomcat (cache on) and Payara. */
        public boolean open = true;
        /** Where the mp-load profile put the servers and the jars; the run writes run/ there. */
        public Path dir = Files.isDirectory(Path.of("bench", "target"))
                ? Path.of("bench", "target", "mp-load") : Path.of("target", "mp-load");

        public Options() {
            super(90, 60, 10);
        }

        static Options parse(String[] args) {
            Options options = new Options();
            CommandLine.parse(args, (name, value) -> {
                switch (name) {
                    case "connections":
                        options.connections = Integer.parseInt(value);
                        return true;
                    case "max-requests":
                        options.maxRequests = Long.parseLong(value);
                        return true;
                    case "servers":
                        options.servers = List.of(value.split(","));
                        return SERVERS.containsAll(options.servers)
                                && options.servers.stream().distinct().count()
                                        == options.servers.size();
                    case "open":
                        options.open = Boolean.parseBoolean(value);
                        return true;
                    case "heap":
                        options.heap = value;
                        return true;
                    case "dir":
                        options.dir = Path.of(value);
                        return true;
                    default:
                        return options.setTiming(name, value);
                }
            });
            return options;
        }

        HttpLoad.Options load() {
            HttpLoad.Options load = new HttpLoad.Options();
            load.connections = connections;
            load.maxRequests = maxRequests;
            return load;
        }

        List<String> jvmOptions() {
            return List.of("-Xms" + heap, "-Xmx" + heap);
        }
    }

    /**
     * One target, a server and the request it is loaded with: what it answered before the load
     * and how it fared under it.
     */
    public static final class Served {
        public final String server;
        public final String label;
        public final Duration startup;
        /** Status by check: without a token, a group the token lacks, with the token. */
        public final Map<String, Integer> checks = new LinkedHashMap<>();
        public String body;
        /** Requests answered on one connection before it closed (of {@link #KEEP_ALIVE_REQUESTS}). */
        public int keptAlive;
        public HttpLoad.Result result;
        /** Throughput of each round, requests/s. */
        public double[] rounds;
        /** The server JVM's CPU time per measured request, µs (-1 when unknown). */
        public double cpuMicrosPerRequest = -1;
        final ServerProcess process;
        final byte[] request;
        final double warmupSeconds;

        Served(String server, String label, Duration startup, ServerProcess process,
                byte[] request, double warmupSeconds) {
            this.server = server;
            this.label = label;
            this.startup = startup;
            this.process = process;
            this.request = request;
            this.warmupSeconds = warmupSeconds;
        }
    }

    /** The figures of a run: each server's, and each Tomcat's throughput over Payara's per round. */
    public static final class Run {
        public final List<Served> served;
        /**
         * Per Tomcat target ({@link #TOMCAT}, {@link #TOMCAT_COLD}, {@code tomcat-open}): its
         * throughput over Payara's on the same endpoint, per round.
         */
        public final Map<String, double[]> ratios;

        Run(List<Served> served, Map<String, double[]> ratios) {
            this.served = served;
            this.ratios = ratios;
        }
    }

    private MicroProfileLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "MicroProfile JWT load: %s; RS256 token, %d connections,"
                + " %.0f s warm-up per server, %.0f s per server in %d alternating rounds (at most"
                + " %d requests per turn), -Xms/-Xmx %s, loopback, %s%n",
                String.join(" and ", options.servers), options.connections,
                options.warmupSeconds, options.seconds, options.rounds, options.maxRequests,
                options.heap, Runtime.version());
        Run run = run(options);
        print(run);
        boolean clean = run.served.stream()
                .allMatch(s -> s.result.non2xx == 0 && s.result.failures == 0);
        if (!clean) {
            System.out.println("FAILED: non-2xx answers or connection errors under load");
            System.exit(1);
        }
    }

    /** Starts the servers one after the other, checks them, loads them in rounds, stops them. */
    public static Run run(Options options) throws Exception {
        Fixtures fixtures = Fixtures.of("RS256");
        Path runDir = MpLoadFiles.fresh(options.dir.resolve("run"));
        List<ServerProcess> processes = new ArrayList<>();
        List<Served> served = new ArrayList<>();
        try {
            for (String server : options.servers) {
                ServerProcess process;
                String label;
                List<String> failures;
                if (!server.equals(PAYARA)) {
                    Path home = tomcatHome(options.dir);
                    Path war = runDir.resolve("wars/tomcat.war");
                    if (!Files.exists(war)) {
                        MpWars.tomcat(fixtures, options.dir.resolve("tomcat-war-lib"), war);
                    }
                    boolean cold = server.equals(TOMCAT_COLD);
                    List<String> jvm = new ArrayList<>(options.jvmOptions());
                    if (cold) {
                        jvm.add("-Dperimeter.jwt.cache-size=0");
                    }
                    failures = TomcatLauncher.FAILURES;
                    label = "Perimeter on " + home.getFileName().toString()
                            .replace("apache-tomcat-", "Tomcat ")
                            + (cold ? ", cache off" : ", cache on");
                    process = TomcatLauncher.start(home.toAbsolutePath(), war.toAbsolutePath(),
                            runDir.resolve(server).toAbsolutePath(), jvm);
                } else {
                    Path jar = options.dir.resolve("payara-micro.jar");
                    if (!Files.isRegularFile(jar)) {
                        throw new IllegalStateException(jar + " is missing: build with"
                                + " mvn -pl bench -am package -DskipTests -Pmp-load");
                    }
                    Path war = MpWars.payara(fixtures, runDir.resolve("wars/payara.war"));
                    failures = PayaraLauncher.FAILURES;
                    label = "Payara Micro " + payaraVersion(jar) + ", its own MP-JWT";
                    process = PayaraLauncher.start(jar.toAbsolutePath(), war.toAbsolutePath(),
                            runDir.resolve(PAYARA).toAbsolutePath(), options.jvmOptions());
                }
                processes.add(process);
                Duration startup = process.awaitReady(ENDPOINT, fixtures.token, READY_LIMIT,
                        failures);
                Served one = new Served(server, label, startup, process,
                        HttpLoad.get(ENDPOINT, fixtures.token), options.warmupSeconds);
                check(process, fixtures.token, one);
                served.add(one);
                if (options.open && !server.equals(TOMCAT_COLD)) {
                    // The same JVM, warm by then: a third of the warm-up for the new path.
                    Served open = new Served(server + OPEN_SUFFIX, label.replace(", cache on", "")
                            + ", no token, @PermitAll", startup, process, HttpLoad.get(OPEN, null),
                            options.warmupSeconds / 3);
                    checkOpen(process, open);
                    served.add(open);
                }
            }
            measure(served, options);
        } finally {
            processes.forEach(ServerProcess::close);
        }
        Map<String, double[]> ratios = new LinkedHashMap<>();
        for (Served one : served) {
            String counterpart = one.server.endsWith(OPEN_SUFFIX) ? PAYARA + OPEN_SUFFIX : PAYARA;
            served.stream().filter(s -> s.server.equals(counterpart) && s != one).findFirst()
                    .filter(payara -> !one.server.startsWith(PAYARA))
                    .ifPresent(payara -> ratios.put(one.server,
                            PairedRounds.ratios(one.rounds, payara.rounds)));
        }
        return new Run(served, ratios);
    }

    /** The answers the load relies on; throws if one is not what MP-JWT specifies. */
    private static void check(ServerProcess process, String token, Served served)
            throws IOException, InterruptedException {
        served.checks.put("without a token", process.get(ENDPOINT, null).statusCode());
        served.checks.put("group not in the token", process.get(FORBIDDEN, token).statusCode());
        HttpResponse<String> hello = process.get(ENDPOINT, token);
        served.checks.put("with the token", hello.statusCode());
        served.body = hello.body();
        served.keptAlive = keptAlive(process.port, HttpLoad.get(ENDPOINT, token));
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("without a token", 401);
        expected.put("group not in the token", 403);
        expected.put("with the token", 200);
        if (!served.checks.equals(expected) || !EXPECTED_BODY.equals(served.body)
                || served.keptAlive != KEEP_ALIVE_REQUESTS) {
            throw new IllegalStateException(served.label + " answered " + served.checks
                    + ", body " + served.body + ", " + served.keptAlive + " of "
                    + KEEP_ALIVE_REQUESTS + " requests on one connection; expected " + expected
                    + ", " + EXPECTED_BODY.trim() + ", all; log tail:\n" + process.logTail());
        }
    }

    /** The open endpoint answers 200 without a token and keeps its connection. */
    private static void checkOpen(ServerProcess process, Served served)
            throws IOException, InterruptedException {
        HttpResponse<String> open = process.get(OPEN, null);
        served.checks.put("without a token", open.statusCode());
        served.body = open.body();
        served.keptAlive = keptAlive(process.port, served.request);
        if (open.statusCode() != 200 || !"open\n".equals(served.body)
                || served.keptAlive != KEEP_ALIVE_REQUESTS) {
            throw new IllegalStateException(served.label + " answered " + served.checks
                    + ", body " + served.body + ", " + served.keptAlive + " of "
                    + KEEP_ALIVE_REQUESTS + " requests on one connection; expected 200, open,"
                    + " all; log tail:\n" + process.logTail());
        }
    }

    /** How many 200s one keep-alive connection gets before the server closes it or fails. */
    private static int keptAlive(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            ResponseReader responses = new ResponseReader(socket);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < KEEP_ALIVE_REQUESTS; i++) {
                out.write(request);
                out.flush();
                if (responses.read() != 200 || responses.closeRequested()) {
                    return i;
                }
            }
            return KEEP_ALIVE_REQUESTS;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Warm-up of each, then the rounds, the order swapped every round. */
    private static void measure(List<Served> served, Options options)
            throws InterruptedException {
        HttpLoad.Options load = options.load();
        int n = served.size();
        for (Served one : served) {
            HttpLoad.load(one.process.port, one.request, load, one.warmupSeconds, false);
        }
        HttpLoad.Turn[] totals = new HttpLoad.Turn[n];
        long[] cpu = new long[n];
        for (Served one : served) {
            one.rounds = new double[options.rounds];
        }
        for (int round = 0; round < options.rounds; round++) {
            for (int k = 0; k < n; k++) {
                int i = round % 2 == 0 ? k : n - 1 - k;
                ServerProcess process = served.get(i).process;
                long cpuBefore = process.cpuNanos();
                HttpLoad.Turn turn = HttpLoad.load(process.port, served.get(i).request, load,
                        options.seconds / options.rounds, true);
                long cpuAfter = process.cpuNanos();
                cpu[i] = cpu[i] < 0 || cpuBefore < 0 || cpuAfter < 0 ? -1
                        : cpu[i] + cpuAfter - cpuBefore;
                served.get(i).rounds[round] = turn.requests / turn.seconds;
                totals[i] = totals[i] == null ? turn : totals[i].plus(turn);
            }
        }
        for (int i = 0; i < n; i++) {
            HttpLoad.Turn t = totals[i];
            Served one = served.get(i);
            one.result = new HttpLoad.Result(one.label, t.requests, t.non2xx, t.failures,
                    t.seconds, t.latencies);
            if (cpu[i] >= 0 && t.requests > 0) {
                one.cpuMicrosPerRequest = cpu[i] / 1e3 / t.requests;
            }
        }
    }

    static void print(Run run) {
        for (Served one : run.served) {
            String ready = one.server.endsWith(OPEN_SUFFIX) ? ""
                    : String.format(Locale.ROOT, "ready in %.1f s; ", one.startup.toMillis() / 1e3);
            System.out.printf(Locale.ROOT, "%s: %s%s; %s; %d requests on one connection%n",
                    one.label, ready, one.checks, one.body.trim(), one.keptAlive);
        }
        System.out.println("| Server | Requests | Requests/s | p50 µs | p99 µs | non-2xx | errors"
                + " | server CPU µs/request |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Served one : run.served) {
            System.out.printf(Locale.ROOT, "%s %.0f |%n", one.result, one.cpuMicrosPerRequest);
        }
        for (Served one : run.served) {
            StringBuilder rounds = new StringBuilder();
            for (double throughput : one.rounds) {
                rounds.append(String.format(Locale.ROOT, " %.0f", throughput));
            }
            System.out.println(one.label + ", requests/s by round:" + rounds);
        }
        run.ratios.forEach((server, ratios) -> {
            double[] m = PairedRounds.medianWithInterval(ratios);
            Served tomcat = byServer(run, server);
            Served payara = byServer(run, server.endsWith(OPEN_SUFFIX) ? PAYARA + OPEN_SUFFIX
                    : PAYARA);
            System.out.printf(Locale.ROOT, "%s / %s throughput: %.2f overall; per round"
                    + " median %.2f, 95 %% interval %.2f – %.2f, %d rounds", tomcat.label,
                    payara.label,
                    tomcat.result.throughput() / payara.result.throughput(), m[0], m[1], m[2],
                    ratios.length);
            if (tomcat.cpuMicrosPerRequest > 0 && payara.cpuMicrosPerRequest > 0) {
                System.out.printf(Locale.ROOT, "; server CPU per request %.2f×",
                        tomcat.cpuMicrosPerRequest / payara.cpuMicrosPerRequest);
            }
            System.out.println();
        });
    }

    private static Served byServer(Run run, String server) {
        return run.served.stream().filter(s -> s.server.equals(server)).findFirst().orElseThrow();
    }

    private static Path tomcatHome(Path dir) throws IOException {
        try (var homes = Files.list(dir)) {
            return homes.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-"))
                    .filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no apache-tomcat-* in " + dir
                            + ": build with mvn -pl bench -am package -DskipTests -Pmp-load"));
        }
    }

    /** The version in payara-micro.jar's Maven metadata, or "?". */
    private static String payaraVersion(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("META-INF/maven/fish.payara.server.internal.extras/payara-micro-boot/pom.properties");
            if (entry == null) {
                return "?";
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "?");
            }
        } catch (IOException e) {
            return "?";
        }
    }
}
