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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * WARs on a real GlassFish, in its own JVM: the distribution unpacked once ({@code glassfish8/}),
 * and per node a domain directory of its own under {@code target/containers/<name>/domains},
 * a copy of the distribution's {@code domain1} whose {@code domain.xml} (its
 * {@code server-config}) is changed so that every listener (HTTP, HTTPS, admin, IIOP, JMX) is
 * bound to 127.0.0.1 on a free port, the OSGi shell's port is free, and the embedded JMS broker
 * starts only when an application uses it ({@code lazy-init}, on a free port: it would listen on
 * every interface). Nothing else is changed: the default principal-to-role mapping is on as
 * shipped.
 *
 * <p>Each WAR goes into the domain's {@code autodeploy/} before the start; GlassFish deploys it
 * at its file name ({@code filter-mode.war} at {@code /filter-mode}). Started with the
 * distribution's {@code glassfish/bin/startserv --domaindir … domain1} (an
 * {@code asadmin start-domain --dry-run} for the JVM's command line, then {@code exec}): the
 * process is GlassFish's JVM, in the foreground, stopped by SIGTERM (its shutdown hook stops the
 * domain). {@code console.log} has what it printed; the domain's {@code logs/server.log} stays too.
 */
public final class GlassFishNode extends ContainerNode {

    /** Bounds the wait for each deployment's first 200 on {@link Readiness#PATH}. */
    public static final Duration READY_LIMIT = Duration.ofMinutes(4);

    /** The distribution's domain, copied for each node. */
    public static final String DOMAIN = "domain1";

    private GlassFishNode(String name, URI root, Path directory, ContainerProcess process, Duration startup) {
        super(name, root, directory, process, startup);
    }

    /**
     * Prepares a node of the GlassFish unpacked at {@code home} (the directory that holds
     * {@code glassfish/}), version {@code version}, in {@code directory} (emptied first).
     */
    public static Builder builder(Path home, String version, Path directory) {
        return new Builder(home, version, directory);
    }

    /** What a GlassFish node is given before it starts. */
    public static final class Builder {

        private final Path home;
        private final String version;
        private final Path directory;
        private final List<Path> deployments = new ArrayList<>();

        private Builder(Path home, String version, Path directory) {
            this.home = home;
            this.version = version;
            this.directory = directory;
        }

        /** A WAR deployed at its file name without {@code .war} ({@code /filter-mode}). */
        public Builder deployment(Path war) {
            deployments.add(war);
            return this;
        }

        /**
         * Lays out the domain, starts GlassFish and waits until every deployment answers.
         *
         * @throws IllegalStateException when one is not ready within {@link #READY_LIMIT}; the
         *         process is stopped then
         */
        public GlassFishNode start() {
            if (deployments.isEmpty()) {
                throw new IllegalStateException("nothing to deploy on glassfish-" + version);
            }
            Path base = NodeDirectories.fresh(directory);
            Path domain = base.resolve("domains").resolve(DOMAIN);
            NodeDirectories.copyTree(home.resolve("glassfish").resolve("domains").resolve(DOMAIN), domain);
            int port = LoopbackPorts.free();
            DomainXml.bindToLoopback(domain.resolve("config").resolve("domain.xml"), port);
            try {
                for (Path war : deployments) {
                    Files.copy(war, domain.resolve("autodeploy").resolve(war.getFileName().toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the WARs to " + domain.resolve("autodeploy"), e);
            }
            // A bash script (arrays): run by bash, whatever the unpacking left of its mode.
            List<String> command = List.of("bash", home.resolve("glassfish").resolve("bin").resolve("startserv").toString(),
                    "--domaindir", base.resolve("domains").toString(), DOMAIN);
            Map<String, String> env = new LinkedHashMap<>();
            for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
                env.put(inherited, null);
            }
            System.getenv().keySet().stream()
                    .filter(key -> key.startsWith("PERIMETER_"))
                    .forEach(key -> env.put(key, null));
            // The build's JDK (the JDK 17 build of GlassFish 8), whatever the PATH says.
            env.put("AS_JAVA", System.getProperty("java.home"));
            ContainerProcess process = ContainerProcess.start(base.getFileName().toString(),
                    command, base, env, base.resolve("console.log"));
            URI root = URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port + "/");
            Duration startup = Duration.ZERO;
            for (Path war : deployments) {
                // One wait after the other: their sum is the time until the last one answered.
                startup = startup.plus(process.awaitReady(root.resolve(contextRoot(war) + "/"), READY_LIMIT));
            }
            return new GlassFishNode("glassfish-" + version, root, base, process, startup);
        }
    }

    /** The context root GlassFish gives an autodeployed WAR: its file name without {@code .war}. */
    public static String contextRoot(Path war) {
        String file = war.getFileName().toString();
        return file.endsWith(".war") ? file.substring(0, file.length() - ".war".length()) : file;
    }

    /** The changes to the copied {@code domain.xml}, all in {@code <config name="server-config">}. */
    static final class DomainXml {

        private DomainXml() {
        }

        static void bindToLoopback(Path file, int httpPort) {
            Document document = XmlFiles.read(file);
            Element config = serverConfig(document);
            for (Element listener : elements(config, "network-listener")) {
                listener.setAttribute("address", LoopbackPorts.LOOPBACK);
                listener.setAttribute("port", Integer.toString(
                        "http-listener-1".equals(listener.getAttribute("name")) ? httpPort : LoopbackPorts.free()));
            }
            for (String tag : List.of("iiop-listener", "jmx-connector")) {
                for (Element listener : elements(config, tag)) {
                    listener.setAttribute("address", LoopbackPorts.LOOPBACK);
                    listener.setAttribute("port", Integer.toString(LoopbackPorts.free()));
                }
            }
            for (Element host : elements(config, "jms-host")) {
                host.setAttribute("host", LoopbackPorts.LOOPBACK);
                host.setAttribute("lazy-init", "true");
            }
            for (Element property : elements(config, "system-property")) {
                if ("JMS_PROVIDER_PORT".equals(property.getAttribute("name"))) {
                    property.setAttribute("value", Integer.toString(LoopbackPorts.free()));
                }
            }
            for (Element option : elements(config, "jvm-options")) {
                if (option.getTextContent().startsWith("-Dosgi.shell.telnet.port=")) {
                    option.setTextContent("-Dosgi.shell.telnet.port=" + LoopbackPorts.free());
                }
            }
            XmlFiles.write(document, file);
        }

        private static Element serverConfig(Document document) {
            for (Element config : elements(document.getDocumentElement(), "config")) {
                if ("server-config".equals(config.getAttribute("name"))) {
                    return config;
                }
            }
            throw new IllegalStateException("no <config name=\"server-config\"> in domain.xml");
        }

        private static List<Element> elements(Element parent, String tag) {
            NodeList nodes = parent.getElementsByTagName(tag);
            List<Element> found = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                found.add((Element) nodes.item(i));
            }
            return found;
        }
    }
}
