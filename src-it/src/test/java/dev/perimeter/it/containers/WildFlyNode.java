package dev.perimeter.it.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * WARs on a real WildFly, in its own JVM: the distribution unpacked once ({@code JBOSS_HOME}),
 * and per node a server base directory of its own ({@code -Djboss.server.base.dir}) under
 * {@code target/containers/<name>} with
 * <ul>
 * <li>{@code configuration/} copied from the distribution's {@code standalone/}, its
 *     {@code standalone.xml} (the default profile: Servlet, CDI, REST, Enterprise Beans,
 *     Jakarta Security, Elytron) changed in one place: Undertow's
 *     {@code application-security-domain} {@code other}, which every application without a
 *     security domain of its own uses, gets {@code integrated-jaspi="false"} (see
 *     {@link #INTEGRATED_JASPI});</li>
 * <li>{@code deployments/<name>.war}, each at {@code /<name>}, deployed by the deployment scanner
 *     at boot; the scanner's marker files say how it went ({@code .deployed}, {@code .failed});</li>
 * <li>{@code data/}, {@code tmp/}, {@code log/server.log} (WildFly's own) and {@code console.log}
 *     (everything the process printed).</li>
 * </ul>
 * Started as users start it, {@code bin/standalone.sh}, every socket on 127.0.0.1: HTTP on a
 * free port, and the HTTPS, AJP and management ports on free ports too, so that parallel nodes
 * never collide. {@code LAUNCH_JBOSS_IN_BACKGROUND=1} makes the script forward a SIGTERM to the
 * JVM and wait for its clean shutdown ({@link ContainerProcess#close()}).
 */
public final class WildFlyNode extends ContainerNode {

    /** Bounds the wait from the start until every deployment answers {@link Readiness#PATH}. */
    public static final Duration READY_LIMIT = Duration.ofMinutes(3);

    /**
     * The attribute of Undertow's {@code application-security-domain} that the harness sets to
     * {@code false}, and the docs ask for, so that Elytron honours a Jakarta Authentication
     * module that an application registers itself: the caller the module names
     * becomes an identity of its own, with the module's groups as its roles. With the default
     * ({@code true}) the caller must be a user of the domain's realm ({@code ApplicationRealm}),
     * and every request with a token fails ("ELY01177: Authorization failed"; the module answers 503).
     */
    public static final String INTEGRATED_JASPI = "integrated-jaspi";

    /** The users and the groups of {@code ApplicationRealm}, in the node's directory. */
    public static final String USERS_FILE = "configuration/application-users.properties";
    public static final String ROLES_FILE = "configuration/application-roles.properties";

    private static final String APPLICATION_REALM = "ApplicationRealm";
    private static final Logger LOG = Logger.getLogger(WildFlyNode.class.getName());
    private static final Duration POLL = Duration.ofMillis(250);

    private WildFlyNode(String name, URI root, Path directory, ContainerProcess process, Duration startup) {
        super(name, root, directory, process, startup);
    }

    /**
     * Prepares a node of the WildFly unpacked at {@code home} in {@code directory} (emptied
     * first); its applications are given with {@link Builder#deployment}.
     */
    public static Builder builder(Path home, Path directory) {
        return new Builder(home, directory);
    }

    /** {@code wildfly-39.0.1.Final} for {@code …/wildfly-39.0.1.Final}. */
    public static String versionName(Path home) {
        return home.getFileName().toString();
    }

    /** What a WildFly node is given before it starts. */
    public static final class Builder {

        private final Path home;
        private final Path directory;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, Path> deployments = new LinkedHashMap<>();
        private final List<String> users = new ArrayList<>();
        private final List<String> roles = new ArrayList<>();

        private Builder(Path home, Path directory) {
            this.home = home;
            this.directory = directory;
        }

        /** A {@code -D} setting of the server, given on {@code standalone.sh}'s command line. */
        public Builder systemProperty(String name, String value) {
            systemProperties.put(name, value);
            return this;
        }

        /** {@code war} as {@code deployments/<name>.war}, at the context path {@code /<name>}. */
        public Builder deployment(String name, Path war) {
            deployments.put(name, war);
            return this;
        }

        /**
         * A user of Elytron's {@code ApplicationRealm}, the realm of {@code ApplicationDomain}
         * behind the application security domain {@code other}, in {@code groups}: lines in the
         * node's {@code configuration/application-users.properties}
         * ({@code user=HEX(MD5(user:ApplicationRealm:password))}, as {@code add-user.sh} writes
         * it) and {@code application-roles.properties}.
         */
        public Builder applicationUser(String user, String password, List<String> groups) {
            users.add(user + "=" + md5Hex(user + ":" + APPLICATION_REALM + ":" + password));
            roles.add(user + "=" + String.join(",", groups));
            return this;
        }

        /**
         * Lays out the base directory, starts WildFly, waits for the deployment scanner to
         * deploy every WAR and for each to answer {@link Readiness#PATH} with 200.
         *
         * @throws IllegalStateException when a deployment fails (its {@code .failed} marker says
         *         why), the process ends, or {@link #READY_LIMIT} passes; the process is stopped then
         */
        public WildFlyNode start() {
            if (deployments.isEmpty()) {
                throw new IllegalStateException("a WildFly node needs at least one deployment");
            }
            String name = versionName(home);
            Path base = NodeDirectories.fresh(directory);
            try {
                NodeDirectories.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
                Files.createDirectories(base.resolve("deployments"));
                append(base.resolve(USERS_FILE), users);
                append(base.resolve(ROLES_FILE), roles);
                for (Map.Entry<String, Path> deployment : deployments.entrySet()) {
                    Files.copy(deployment.getValue(), base.resolve("deployments/" + deployment.getKey() + ".war"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out " + base, e);
            }
            useNonIntegratedJaspi(base.resolve("configuration/standalone.xml"));

            int port = LoopbackPorts.free();
            List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base,
                    "-Djboss.bind.address=" + LoopbackPorts.LOOPBACK,
                    "-Djboss.bind.address.management=" + LoopbackPorts.LOOPBACK,
                    "-Djboss.http.port=" + port,
                    "-Djboss.https.port=" + LoopbackPorts.free(),
                    "-Djboss.ajp.port=" + LoopbackPorts.free(),
                    "-Djboss.management.http.port=" + LoopbackPorts.free(),
                    "-Djboss.management.https.port=" + LoopbackPorts.free()));
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));

            Map<String, String> env = new LinkedHashMap<>();
            // Only what is given here: nothing of the test JVM's own settings leaks in;
            // without JAVA_OPTS, bin/standalone.conf gives WildFly's defaults (-Xmx512m, …).
            for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                    "JBOSS_HOME", "JBOSS_BASE_DIR", "JBOSS_LOG_DIR", "JBOSS_CONFIG_DIR",
                    "JBOSS_PIDFILE", "JBOSS_MODULEPATH", "MODULEPATH", "SERVER_OPTS")) {
                env.put(inherited, null);
            }
            System.getenv().keySet().stream()
                    .filter(key -> key.startsWith("PERIMETER_"))
                    .forEach(key -> env.put(key, null));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");

            long began = System.nanoTime();
            ContainerProcess process = ContainerProcess.start(base.getFileName().toString(), command,
                    base, env, base.resolve("console.log"));
            URI root = URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port + "/");
            long deadline = began + READY_LIMIT.toNanos();
            awaitDeployed(process, base, deadline);
            for (String deployment : deployments.keySet()) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                process.awaitReadyAt(root.resolve(deployment + Readiness.PATH), left);
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - began);
            LOG.info(name + " started with " + deployments.keySet() + " in " + startup.toMillis() + " ms");
            return new WildFlyNode(name, root, base, process, startup);
        }

        /**
         * Waits until the deployment scanner has written {@code <war>.deployed} for every WAR;
         * a {@code <war>.failed} ends the wait at once, with the scanner's reason and the log.
         */
        private void awaitDeployed(ContainerProcess process, Path base, long deadline) {
            Path folder = base.resolve("deployments");
            List<String> pending = new ArrayList<>(deployments.keySet());
            while (!pending.isEmpty()) {
                for (String deployment : List.copyOf(pending)) {
                    Path failed = folder.resolve(deployment + ".war.failed");
                    if (Files.exists(failed)) {
                        String reason = read(failed);
                        process.close();
                        throw new IllegalStateException("WildFly failed to deploy " + deployment + ".war: "
                                + reason + "\nlog " + process.log() + ":\n" + process.logTail());
                    }
                    if (Files.exists(folder.resolve(deployment + ".war.deployed"))) {
                        pending.remove(deployment);
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                if (!process.isAlive()) {
                    process.close();
                    throw new IllegalStateException("WildFly exited before it deployed " + pending
                            + "; log " + process.log() + ":\n" + process.logTail());
                }
                if (System.nanoTime() > deadline) {
                    process.close();
                    throw new IllegalStateException("WildFly did not deploy " + pending + " within "
                            + READY_LIMIT.toSeconds() + " s; log " + process.log() + ":\n" + process.logTail());
                }
                sleep();
            }
        }

        private static void append(Path file, List<String> lines) throws IOException {
            if (!lines.isEmpty()) {
                Files.write(file, lines, StandardOpenOption.APPEND);
            }
        }

        private static String md5Hex(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no MD5 in this JVM", e);
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for WildFly", e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }

        /**
         * {@code integrated-jaspi="false"} on Undertow's {@code application-security-domain}
         * {@code other} (the Enterprise Beans subsystem has one of the same name, which has no
         * such attribute and stays as it is).
         */
        private static void useNonIntegratedJaspi(Path file) {
            Document server = XmlFiles.read(file);
            NodeList domains = server.getElementsByTagName("application-security-domain");
            int changed = 0;
            for (int i = 0; i < domains.getLength(); i++) {
                Element domain = (Element) domains.item(i);
                Element subsystem = (Element) domain.getParentNode().getParentNode();
                if ("other".equals(domain.getAttribute("name"))
                        && subsystem.getAttribute("xmlns").contains(":undertow:")) {
                    domain.setAttribute(INTEGRATED_JASPI, "false");
                    changed++;
                }
            }
            if (changed != 1) {
                throw new IllegalStateException(file + ": expected Undertow's application-security-domain"
                        + " 'other', found " + changed);
            }
            XmlFiles.write(server, file);
        }
    }
}
