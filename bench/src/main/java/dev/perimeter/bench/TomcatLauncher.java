package dev.perimeter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A real Tomcat (the distribution unpacked by the mp-load profile) running one WAR at {@code /}:
 * {@code bin/catalina.sh run} with a {@code CATALINA_BASE} of its own, whose {@code server.xml}
 * has the HTTP connector on 127.0.0.1 and a free port only, keep-alive connections never closed
 * by count ({@code maxKeepAliveRequests=-1}: Tomcat's default closes one after 100 requests;
 * Payara's limit is lifted too), no shutdown port, no AJP, and no access log (Payara Micro writes
 * none by default).
 */
final class TomcatLauncher {

    /** What Tomcat logs when the application did not start; it then runs on without it. */
    static final List<String> FAILURES = List.of("One or more listeners failed to start",
            "startup failed due to previous errors", "Error deploying web application archive");

    private TomcatLauncher() {
    }

    /** Lays out {@code base} (emptied first), deploys {@code war} as ROOT and starts Tomcat. */
    static ServerProcess start(Path home, Path war, Path base, List<String> jvmOptions) {
        int port = ServerProcess.freePort();
        try {
            MpLoadFiles.fresh(base);
            Path conf = Files.createDirectories(base.resolve("conf"));
            try (Stream<Path> files = Files.list(home.resolve("conf"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, conf.resolve(file.getFileName()));
                    }
                }
            }
            for (String dir : new String[] {"logs", "temp", "work", "webapps"}) {
                Files.createDirectories(base.resolve(dir));
            }
            editServerXml(conf.resolve("server.xml"), port);
            Files.copy(war, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + base, e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                "JRE_HOME", "CATALINA_PID")) {
            env.put(inherited, null);
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_OPTS", String.join(" ", jvmOptions));
        return ServerProcess.start("tomcat", port,
                List.of("sh", home.resolve("bin/catalina.sh").toString(), "run"), base, env);
    }

    private static void editServerXml(Path file, int port) {
        try {
            Document server = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(file.toFile());
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
                    connector.setAttribute("address", "127.0.0.1");
                    connector.setAttribute("maxKeepAliveRequests", "-1");
                    http++;
                }
            }
            if (http != 1) {
                throw new IllegalStateException(file + ": expected one HTTP connector, found " + http);
            }
            ajp.forEach(connector -> connector.getParentNode().removeChild(connector));
            NodeList valves = server.getElementsByTagName("Valve");
            List<Element> accessLogs = new ArrayList<>();
            for (int i = 0; i < valves.getLength(); i++) {
                Element valve = (Element) valves.item(i);
                if (valve.getAttribute("className").endsWith(".AccessLogValve")) {
                    accessLogs.add(valve);
                }
            }
            accessLogs.forEach(valve -> valve.getParentNode().removeChild(valve));
            TransformerFactory.newInstance().newTransformer()
                    .transform(new DOMSource(server), new StreamResult(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit " + file, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot edit " + file, e);
        }
    }
}
