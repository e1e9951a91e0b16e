package dev.perimeter.it.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The example's Payara WAR on a real Payara Micro, in its own JVM:
 * {@code java -D… -jar payara-micro.jar --deploy … --contextroot / --port N --nocluster}, with
 * its domain ({@code --rootdir}), its unpacked runtime and {@code console.log} under
 * {@code target/containers/<name>}. Or several WARs ({@link #builder(Path, String, Path)}, one
 * {@code --deploy} each, no {@code --contextroot}): Payara Micro deploys each at its file name
 * ({@code filter-mode.war} at {@code /filter-mode}), and the node is ready when each answers.
 * Payara Micro 7 needs Java 21: {@link Builder#javaHome} runs it on another JDK than the build's.
 *
 * <p>The HTTP listener is bound to 127.0.0.1 by a pre-boot command (Payara Micro has no option
 * for it). Payara's Domain Data Grid (Hazelcast) still opens port 6900, or the next free one, on
 * every interface: {@code --nocluster}, {@code --nohazelcast}, {@code --interfaces 127.0.0.1},
 * {@code -Dhazelcast.socket.bind.any=false} and an {@code --hzconfigfile} with only the loopback
 * interface were each tried with 6.2025.10, and none moved it. It carries no application traffic.
 */
public final class PayaraNode extends ContainerNode {

    /** Bounds the wait for the first 200 on {@link Readiness#PATH}: Payara unpacks 100 MB first. */
    public static final Duration READY_LIMIT = Duration.ofMinutes(3);

    /** The default realm's users, groups and password hashes, in the node's directory. */
    public static final String FILE_REALM_KEYFILE = "domain/config/keyfile";

    /** The pre-boot command that binds Payara Micro's HTTP listener to the loopback address. */
    public static final String BIND_LOOPBACK = "set configs.config.server-config.network-config"
            + ".network-listeners.network-listener.http-listener.address=" + LoopbackPorts.LOOPBACK;

    private PayaraNode(String name, URI root, Path directory, ContainerProcess process, Duration startup) {
        super(name, root, directory, process, startup);
    }

    /**
     * Prepares a node of {@code payaraJar} (version {@code version}) that will run {@code war}
     * at the context root {@code /}, in {@code directory} (emptied first).
     */
    public static Builder builder(Path payaraJar, String version, Path war, Path directory) {
        return new Builder(payaraJar, version, war, directory);
    }

    /**
     * Prepares a node of {@code payaraJar} (version {@code version}) in {@code directory}
     * (emptied first) for the WARs given to {@link Builder#deployment}, each at its file name.
     */
    public static Builder builder(Path payaraJar, String version, Path directory) {
        return new Builder(payaraJar, version, null, directory);
    }

    /** What a Payara Micro node is given before it starts. */
    public static final class Builder {

        private final Path payaraJar;
        private final String version;
        private final Path war;
        private final Path directory;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> postBootCommands = new ArrayList<>();
        private final List<Path> libraries = new ArrayList<>();
        private final Map<String, String> passwordFiles = new LinkedHashMap<>();
        private final List<Path> deployments = new ArrayList<>();
        private Path javaHome = Path.of(System.getProperty("java.home"));

        private Builder(Path payaraJar, String version, Path war, Path directory) {
            this.payaraJar = payaraJar;
            this.version = version;
            this.war = war;
            this.directory = directory;
        }

        /** A {@code -D} setting of Payara's JVM. */
        public Builder systemProperty(String name, String value) {
            systemProperties.put(name, value);
            return this;
        }

        /** An environment variable of Payara's process (asadmin commands read it as {@code ${ENV=NAME}}). */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * An asadmin command run after boot and before the deployment
         * ({@code --postbootcommandfile}), such as {@code create-jdbc-resource …}.
         */
        public Builder postBootCommand(String command) {
            postBootCommands.add(command);
            return this;
        }

        /**
         * A user of Payara's default ({@code file}) realm, in {@code groups}: a post-boot
         * {@code create-file-user}. Its password goes in a file of its own
         * ({@code AS_ADMIN_USERPASSWORD=…}, {@code --passwordfile}): Payara refuses a password on
         * the command line, and a failed boot command is only a warning, so callers check the
         * realm's {@code domain/config/keyfile} ({@link #FILE_REALM_KEYFILE}).
         */
        public Builder fileRealmUser(String user, String password, List<String> groups) {
            // In the node's directory, which start() empties first and then writes it to.
            String file = user + ".password";
            passwordFiles.put(file, "AS_ADMIN_USERPASSWORD=" + password);
            postBootCommands.add("create-file-user --groups " + String.join(":", groups)
                    + " --passwordfile " + directory.resolve(file).toAbsolutePath() + " " + user);
            return this;
        }

        /**
         * A WAR deployed at its file name without {@code .war} ({@code /filter-mode}); only for a
         * builder without a root WAR.
         */
        public Builder deployment(Path deployedWar) {
            if (war != null) {
                throw new IllegalStateException("this node runs " + war + " at /; deploy others to a node without a root WAR");
            }
            deployments.add(deployedWar);
            return this;
        }

        /** The JDK that runs Payara Micro; the build's by default. */
        public Builder javaHome(Path home) {
            javaHome = home;
            return this;
        }

        /** A jar for the server's class path ({@code --addlibs}), such as a JDBC driver. */
        public Builder library(Path jar) {
            libraries.add(jar);
            return this;
        }

        /**
         * Writes the command files, starts Payara Micro and waits until the example answers.
         *
         * @throws IllegalStateException when it is not ready within {@link #READY_LIMIT}; the
         *         process is stopped then
         */
        public PayaraNode start() {
            String name = "payara-micro-" + version;
            Path base = NodeDirectories.fresh(directory);
            int port = LoopbackPorts.free();
            try {
                Files.createDirectories(base.resolve("domain"));
                Files.createDirectories(base.resolve("runtime"));
                for (Map.Entry<String, String> file : passwordFiles.entrySet()) {
                    Files.writeString(base.resolve(file.getKey()), file.getValue() + "\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out " + base, e);
            }
            List<String> command = new ArrayList<>();
            if (war == null && deployments.isEmpty()) {
                throw new IllegalStateException("nothing to deploy on " + name);
            }
            command.add(javaHome.resolve("bin").resolve("java").toString());
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", payaraJar.toString()));
            if (war != null) {
                command.addAll(List.of("--deploy", war.toString(), "--contextroot", "/"));
            }
            deployments.forEach(deployed -> command.addAll(List.of("--deploy", deployed.toString())));
            command.addAll(List.of("--port", Integer.toString(port), "--nocluster",
                    "--rootdir", base.resolve("domain").toString(),
                    "--unpackdir", base.resolve("runtime").toString(),
                    "--prebootcommandfile", write(base.resolve("preboot.asadmin"), List.of(BIND_LOOPBACK))));
            if (!postBootCommands.isEmpty()) {
                command.addAll(List.of("--postbootcommandfile",
                        write(base.resolve("postboot.asadmin"), postBootCommands)));
            }
            if (!libraries.isEmpty()) {
                command.addAll(List.of("--addlibs", libraries.stream().map(Path::toString)
                        .collect(Collectors.joining(java.io.File.pathSeparator))));
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
                env.put(inherited, null);
            }
            System.getenv().keySet().stream()
                    .filter(key -> key.startsWith("PERIMETER_"))
                    .forEach(key -> env.put(key, null));
            env.put("JAVA_HOME", javaHome.toString());
            env.putAll(environment);
            ContainerProcess process = ContainerProcess.start(base.getFileName().toString(),
                    command, base, env, base.resolve("console.log"));
            URI root = URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port + "/");
            Duration startup = war != null ? process.awaitReady(root, READY_LIMIT) : Duration.ZERO;
            for (Path deployed : deployments) {
                // One wait after the other: their sum is the time until the last one answered.
                startup = startup.plus(process.awaitReady(root.resolve(contextRoot(deployed) + "/"), READY_LIMIT));
            }
            return new PayaraNode(name, root, base, process, startup);
        }

        /** Payara Micro's context root of a WAR deployed without {@code --contextroot}: its file name without {@code .war}. */
        public static String contextRoot(Path deployedWar) {
            String file = deployedWar.getFileName().toString();
            return file.endsWith(".war") ? file.substring(0, file.length() - ".war".length()) : file;
        }

        private static String write(Path file, List<String> lines) {
            try {
                Files.write(file, lines);
                return file.toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}
