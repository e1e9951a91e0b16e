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

/**
 * WARs on a real Open Liberty, in its own JVM: the distribution unpacked once ({@code wlp/}),
 * and per node a user directory of its own ({@code WLP_USER_DIR}, {@code usr/} under
 * {@code target/containers/<name>}) holding {@code servers/perimeter/server.xml}, written here
 * (see {@link #serverXml}), the server's {@code logs/} and {@code console.log}. Started as users
 * start it in the foreground, {@code bin/server run perimeter}, which ends in {@code exec}, so
 * the process is Liberty's JVM, and stopped by SIGTERM, which runs Liberty's own shutdown.
 */
public final class LibertyNode extends ContainerNode {

    /** Bounds the wait for the first 200 on every application's {@link Readiness#PATH}. */
    public static final Duration READY_LIMIT = Duration.ofMinutes(3);

    /** The server's name under {@code usr/servers}. */
    public static final String SERVER = "perimeter";

    /**
     * The features: Jakarta EE 10's Servlet 6, CDI 4, RESTful Web Services 3.1, Jakarta
     * Authentication 3 (the module's provider registration), Jakarta Security 5 (the
     * {@code SecurityContext}; also the user registry and role mapping) and Enterprise Beans Lite 4.
     */
    public static final List<String> FEATURES = List.of("servlet-6.0", "cdi-4.0", "restfulWS-3.1",
            "appAuthentication-3.0", "appSecurity-5.0", "enterpriseBeansLite-4.0");

    private LibertyNode(String name, URI root, Path directory, ContainerProcess process, Duration startup) {
        super(name, root, directory, process, startup);
    }

    /**
     * Prepares a node of the Liberty unpacked at {@code home} (the {@code wlp} directory),
     * version {@code version}, in {@code directory} (emptied first).
     */
    public static Builder builder(Path home, String version, Path directory) {
        return new Builder(home, version, directory);
    }

    /** One {@code <webApplication>}: a WAR at a context root, with its security-role bindings. */
    record Application(Path war, String contextRoot, Map<String, String> roleGroups) {
    }

    /** What a Liberty node is given before it starts. */
    public static final class Builder {

        private final Path home;
        private final String version;
        private final Path directory;
        private final List<Application> applications = new ArrayList<>();

        private Builder(Path home, String version, Path directory) {
            this.home = home;
            this.version = version;
            this.directory = directory;
        }

        /** {@code war} at {@code contextRoot} (such as {@code /filter-mode}), without role bindings. */
        public Builder application(Path war, String contextRoot) {
            return application(war, contextRoot, Map.of());
        }

        /**
         * {@code war} at {@code contextRoot}, each of its security roles bound to the group of
         * {@code roleGroups} ({@code <application-bnd><security-role name=…><group name=…
         * access-id=…/>}): how the groups a Jakarta Authentication module hands Liberty become
         * the application's roles.
         */
        public Builder application(Path war, String contextRoot, Map<String, String> roleGroups) {
            applications.add(new Application(war, contextRoot, new LinkedHashMap<>(roleGroups)));
            return this;
        }

        /**
         * Writes {@code server.xml}, starts Liberty and waits until every application answers.
         *
         * @throws IllegalStateException when one is not ready within {@link #READY_LIMIT}; the
         *         process is stopped then
         */
        public LibertyNode start() {
            String name = "open-liberty-" + version;
            Path base = NodeDirectories.fresh(directory);
            Path userDirectory = base.resolve("usr");
            int port = LoopbackPorts.free();
            try {
                Path server = Files.createDirectories(userDirectory.resolve("servers").resolve(SERVER));
                Files.writeString(server.resolve("server.xml"), serverXml(port, applications));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out " + base, e);
            }
            // Through sh: the unpacked script may have lost its executable bit.
            List<String> command = List.of("/bin/sh", home.resolve("bin").resolve("server").toString(), "run", SERVER);
            Map<String, String> env = new LinkedHashMap<>();
            for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                    "JVM_ARGS", "WLP_OUTPUT_DIR")) {
                env.put(inherited, null);
            }
            System.getenv().keySet().stream()
                    .filter(key -> key.startsWith("PERIMETER_"))
                    .forEach(key -> env.put(key, null));
            env.put("WLP_USER_DIR", userDirectory.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            ContainerProcess process = ContainerProcess.start(base.getFileName().toString(),
                    command, base, env, base.resolve("console.log"));
            URI root = URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port + "/");
            long began = System.nanoTime();
            for (Application application : applications) {
                Duration left = READY_LIMIT.minusNanos(System.nanoTime() - began);
                process.awaitReady(root.resolve(application.contextRoot().substring(1) + "/"),
                        left.isNegative() ? Duration.ZERO : left);
            }
            return new LibertyNode(name, root, base, process, Duration.ofNanos(System.nanoTime() - began));
        }
    }

    /**
     * The whole {@code server.xml}: the {@link #FEATURES}; HTTP on 127.0.0.1 and {@code port}
     * only (no HTTPS), without Liberty's empty {@code $WSEP} header; no dropins or file
     * monitoring; an empty basic user registry (its realm is the groups'; the callers are the
     * tokens'); each application with its role bindings.
     * A role bound to group {@code g} names it by its access id {@code group:perimeter/g}: the
     * realm is the registry's, which the groups of a Jakarta Authentication module get.
     */
    static String serverXml(int port, List<Application> applications) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server description=\"Perimeter src-it\">\n");
        xml.append("  <featureManager>\n");
        FEATURES.forEach(feature -> xml.append("    <feature>").append(feature).append("</feature>\n"));
        xml.append("  </featureManager>\n");
        xml.append("  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"").append(LoopbackPorts.LOOPBACK)
                .append("\" httpPort=\"").append(port).append("\" httpsPort=\"-1\">\n")
                // Liberty's error answers carry an empty "$WSEP" header of its own.
                .append("    <headers remove=\"$WSEP\"/>\n  </httpEndpoint>\n");
        xml.append("  <applicationMonitor updateTrigger=\"disabled\" dropinsEnabled=\"false\"/>\n");
        xml.append("  <config updateTrigger=\"disabled\"/>\n");
        xml.append("  <basicRegistry id=\"basic\" realm=\"perimeter\"/>\n");
        for (Application application : applications) {
            String id = application.contextRoot().substring(1);
            xml.append("  <webApplication id=\"").append(id).append("\" name=\"").append(id)
                    .append("\" location=\"").append(application.war()).append("\" contextRoot=\"")
                    .append(application.contextRoot()).append("\"");
            if (application.roleGroups().isEmpty()) {
                xml.append("/>\n");
                continue;
            }
            xml.append(">\n    <application-bnd>\n");
            application.roleGroups().forEach((role, group) -> xml.append("      <security-role name=\"")
                    .append(role).append("\"><group name=\"").append(group)
                    .append("\" access-id=\"group:perimeter/").append(group).append("\"/></security-role>\n"));
            xml.append("    </application-bnd>\n  </webApplication>\n");
        }
        xml.append("</server>\n");
        return xml.toString();
    }
}
