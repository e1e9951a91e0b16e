package dev.perimeter.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The {@code CATALINA_BASE} the TCK runs in, beside the unpacked distribution
 * ({@code CATALINA_HOME}): {@code conf/} copied from it, with {@code server.xml} changed so that
 * the one HTTP connector listens on 127.0.0.1 and a free port (no shutdown port, no AJP), a
 * {@code tomcat-users.xml} with one manager-script user of a password made for this run (the
 * adapter deploys through the manager's text interface), and {@code webapps/manager} copied from
 * the distribution. The JMX port the adapter reads servlet names from is free too.
 */
record TomcatBase(Path directory, int httpPort, int jmxPort, String user, String password) {

    static final String LOOPBACK = "127.0.0.1";

    /** Empties {@code directory} and lays the base out there. */
    static TomcatBase layOut(Path home, Path directory) {
        int[] ports = freePorts(2);
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        TomcatBase base = new TomcatBase(directory, ports[0], ports[1], "arquillian", HexFormat.of().formatHex(secret));
        try {
            deleteTree(directory);
            copyTree(home.resolve("conf"), directory.resolve("conf"));
            copyTree(home.resolve("webapps/manager"), directory.resolve("webapps/manager"));
            for (String sub : List.of("logs", "temp", "work")) {
                Files.createDirectories(directory.resolve(sub));
            }
            Files.writeString(directory.resolve("conf/tomcat-users.xml"), base.users());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + directory, e);
        }
        editServerXml(directory.resolve("conf/server.xml"), base.httpPort);
        return base;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "TomcatBase[" + directory + ", http " + httpPort + ", jmx " + jmxPort + "]";
    }

    /** The server's root, where the TCK expects its key endpoints ({@code mp.jwt.tck.jwks.baseURL}). */
    String rootUrl() {
        return "http://" + LOOPBACK + ":" + httpPort + "/";
    }

    private String users() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
                  <role rolename="manager-script"/>
                  <user username="%s" password="%s" roles="manager-script"/>
                </tomcat-users>
                """.formatted(user, password);
    }

    private static void editServerXml(Path file, int port) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document server = factory.newDocumentBuilder().parse(file.toFile());
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
                    connector.setAttribute("address", LOOPBACK);
                    http++;
                }
            }
            ajp.forEach(connector -> connector.getParentNode().removeChild(connector));
            if (http != 1) {
                throw new IllegalStateException(file + ": expected one HTTP connector, found " + http);
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.transform(new DOMSource(server), new StreamResult(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot edit " + file, e);
        }
    }

    /** Ports free on the loopback address now; distinct because all are held until all are found. */
    private static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is released either way
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
