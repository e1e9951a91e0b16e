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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The example WAR on a real Tomcat, in its own JVM: the distribution unpacked once
 * ({@code CATALINA_HOME}), and per node a {@code CATALINA_BASE} of its own under
 * {@code target/containers/<name>} with
 * <ul>
 * <li>{@code conf/} copied from the distribution, {@code server.xml} changed so that the HTTP
 *     connector listens on 127.0.0.1 and a free port only, with no shutdown port and no AJP
 *     connector;</li>
 * <li>{@code conf/context.xml} with the node's {@code <Parameter>}s and {@code <Resource>}s
 *     (they apply to every application of the server, here the one);</li>
 * <li>{@code lib/} with jars for the server's own class loader (a JDBC driver for a container
 *     DataSource);</li>
 * <li>{@code webapps/ROOT.war}, the example at {@code /}, or other applications
 *     ({@link Builder#application}) and files of {@code conf/} ({@link Builder#configurationFile});</li>
 * <li>{@code logs/} (Tomcat's own) and {@code console.log} (everything the JVM printed).</li>
 * </ul>
 * Started as users start it, {@code bin/catalina.sh run}, with {@code CATALINA_OPTS} carrying the
 * node's system properties; {@code run} ends in {@code exec}, so the process is Tomcat's JVM.
 */
public final class TomcatNode extends ContainerNode {

    /** The access log pattern of {@link Builder#hardenedAsDocumented()}: no query string. */
    public static final String ACCESS_LOG_PATTERN = "%h %l %u %t \"%m %U %H\" %s %b";

    /** Bounds the wait for a node's first 200 on {@link Readiness#PATH}. */
    public static final Duration READY_LIMIT = Duration.ofMinutes(2);

    private TomcatNode(String name, URI root, Path directory, ContainerProcess process, Duration startup) {
        super(name, root, directory, process, startup);
    }

    /**
     * Prepares a node of the Tomcat unpacked at {@code home} that will run {@code war}, in
     * {@code directory} (emptied first).
     */
    public static Builder builder(Path home, Path war, Path directory) {
        return new Builder(home, war, directory);
    }

    /**
     * Prepares a node without a ROOT application: its applications are given with
     * {@link Builder#application}, and one of their paths with {@link Builder#readyAt}.
     */
    public static Builder builder(Path home, Path directory) {
        return new Builder(home, null, directory);
    }

    /** {@code tomcat-11.0.24} for {@code …/apache-tomcat-11.0.24}. */
    public static String versionName(Path home) {
        return home.getFileName().toString().replace("apache-", "");
    }

    /** What a Tomcat node is given before it starts. */
    public static final class Builder {

        private final Path home;
        private final Path war;
        private final Path directory;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> contextParameters = new LinkedHashMap<>();
        private final List<Map<String, String>> resources = new ArrayList<>();
        private final List<Path> serverLibraries = new ArrayList<>();
        private final Map<String, Path> applications = new LinkedHashMap<>();
        private final Map<String, String> configurationFiles = new LinkedHashMap<>();
        private String readinessPath = Readiness.PATH;
        private boolean hardened;

        private Builder(Path home, Path war, Path directory) {
            this.home = home;
            this.war = war;
            this.directory = directory;
        }

        /** A {@code -D} setting in {@code CATALINA_OPTS}; no whitespace (the script splits there). */
        public Builder systemProperty(String name, String value) {
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("CATALINA_OPTS splits at whitespace: " + name);
            }
            systemProperties.put(name, value);
            return this;
        }

        /** An environment variable of the Tomcat process. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** A {@code <Parameter name=… value=… override="false"/>} in {@code conf/context.xml}. */
        public Builder contextParameter(String name, String value) {
            contextParameters.put(name, value);
            return this;
        }

        /** A {@code <Resource …/>} in {@code conf/context.xml}, with these attributes. */
        public Builder resource(Map<String, String> attributes) {
            resources.add(new LinkedHashMap<>(attributes));
            return this;
        }

        /** A jar for {@code CATALINA_BASE/lib}, on the server's common class loader. */
        public Builder serverLibrary(Path jar) {
            serverLibraries.add(jar);
            return this;
        }

        /** A WAR file deployed as {@code webapps/<name>.war}, at the context path {@code /<name>}. */
        public Builder application(String name, Path war) {
            applications.put(name, war);
            return this;
        }

        /** A file of {@code CATALINA_BASE/conf}, such as {@code jaspic-providers.xml}, with this text. */
        public Builder configurationFile(String name, String content) {
            configurationFiles.put(name, content);
            return this;
        }

        /** The path polled until it answers 200, {@link Readiness#PATH} unless given. */
        public Builder readyAt(String path) {
            readinessPath = path;
            return this;
        }

        /**
         * The {@code server.xml} settings the README's "Deploying on Tomcat" asks operators
         * for: an {@code ErrorReportValve} with {@code showReport="false"
         * showServerInfo="false"} in the {@code <Host>}, and an access log of the path without
         * the query string ({@code %m %U %H} for {@code %r}), unbuffered so tests read it at once.
         */
        public Builder hardenedAsDocumented() {
            hardened = true;
            return this;
        }

        /**
         * Lays out the base, starts Tomcat and waits until the example answers.
         *
         * @throws IllegalStateException when it is not ready within {@link #READY_LIMIT}; the
         *         process is stopped then
         */
        public TomcatNode start() {
            String name = versionName(home);
            Path base = NodeDirectories.fresh(directory);
            int port = LoopbackPorts.free();
            try {
                NodeDirectories.copyTree(home.resolve("conf"), base.resolve("conf"));
                for (String sub : List.of("logs", "temp", "work", "webapps", "lib")) {
                    Files.createDirectories(base.resolve(sub));
                }
                for (Path jar : serverLibraries) {
                    Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
                }
                if (war != null) {
                    Files.copy(war, base.resolve("webapps/ROOT.war"));
                }
                for (Map.Entry<String, Path> application : applications.entrySet()) {
                    Files.copy(application.getValue(), base.resolve("webapps/" + application.getKey() + ".war"));
                }
                for (Map.Entry<String, String> file : configurationFiles.entrySet()) {
                    Files.writeString(base.resolve("conf").resolve(file.getKey()), file.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out " + base, e);
            }
            editServerXml(base.resolve("conf/server.xml"), port, hardened);
            editContextXml(base.resolve("conf/context.xml"));

            Map<String, String> env = new LinkedHashMap<>();
            // Only what is given here: nothing of the test JVM's own settings leaks in.
            for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                    "CATALINA_PID", "CATALINA_OUT", "CATALINA_TMPDIR", "JRE_HOME")) {
                env.put(inherited, null);
            }
            System.getenv().keySet().stream()
                    .filter(key -> key.startsWith("PERIMETER_"))
                    .forEach(key -> env.put(key, null));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("CATALINA_HOME", home.toString());
            env.put("CATALINA_BASE", base.toString());
            env.put("CATALINA_OPTS", systemProperties.entrySet().stream()
                    .map(e -> "-D" + e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")));
            env.putAll(environment);

            ContainerProcess process = ContainerProcess.start(base.getFileName().toString(),
                    List.of("sh", home.resolve("bin/catalina.sh").toString(), "run"), base, env,
                    base.resolve("console.log"));
            URI root = URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port + "/");
            Duration startup = process.awaitReadyAt(root.resolve(readinessPath.substring(1)), READY_LIMIT);
            return new TomcatNode(name, root, base, process, startup);
        }

        /** Port and loopback address for HTTP; no shutdown port; no AJP connector. */
        private static void editServerXml(Path file, int port, boolean hardened) {
            Document server = XmlFiles.read(file);
            server.getDocumentElement().setAttribute("port", "-1");
            NodeList connectors = server.getElementsByTagName("Connector");
            List<Element> ajp = new ArrayList<>();
            int http = 0;
            for (int i = 0; i < connectors.getLength(); i++) {
                Element connector = (Element) connectors.item(i);
                if (connector.getAttribute("protocol").startsWith("AJP")) {
                    ajp.add(connector);
                } else {
                    connector.setAttribute("port", Integer.toString(port));
                    connector.setAttribute("address", LoopbackPorts.LOOPBACK);
                    http++;
                }
            }
            ajp.forEach(connector -> connector.getParentNode().removeChild(connector));
            if (http != 1) {
                throw new IllegalStateException(file + ": expected one HTTP connector, found " + http);
            }
            if (hardened) {
                harden(server, file);
            }
            XmlFiles.write(server, file);
        }

        private static void harden(Document server, Path file) {
            Element host = (Element) server.getElementsByTagName("Host").item(0);
            Element errorReport = server.createElement("Valve");
            errorReport.setAttribute("className", "org.apache.catalina.valves.ErrorReportValve");
            errorReport.setAttribute("showReport", "false");
            errorReport.setAttribute("showServerInfo", "false");
            host.appendChild(errorReport);
            NodeList valves = server.getElementsByTagName("Valve");
            int accessLogs = 0;
            for (int i = 0; i < valves.getLength(); i++) {
                Element valve = (Element) valves.item(i);
                if (valve.getAttribute("className").endsWith(".AccessLogValve")) {
                    valve.setAttribute("pattern", ACCESS_LOG_PATTERN);
                    valve.setAttribute("buffered", "false");
                    accessLogs++;
                }
            }
            if (accessLogs != 1) {
                throw new IllegalStateException(file + ": expected one AccessLogValve, found " + accessLogs);
            }
        }

        private void editContextXml(Path file) {
            Document context = XmlFiles.read(file);
            Node root = context.getDocumentElement();
            contextParameters.forEach((name, value) -> {
                Element parameter = context.createElement("Parameter");
                parameter.setAttribute("name", name);
                parameter.setAttribute("value", value);
                parameter.setAttribute("override", "false");
                root.appendChild(parameter);
            });
            for (Map<String, String> attributes : resources) {
                Element resource = context.createElement("Resource");
                attributes.forEach(resource::setAttribute);
                root.appendChild(resource);
            }
            XmlFiles.write(context, file);
        }
    }
}
