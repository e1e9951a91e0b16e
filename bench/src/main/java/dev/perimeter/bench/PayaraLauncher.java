package dev.perimeter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro running one WAR at {@code /} with its own MP-JWT:
 * {@code java -jar payara-micro.jar --deploy app.war --contextroot / --port N --nocluster}, its
 * domain and unpacked runtime under {@code base}. Pre-boot commands bind the HTTP listener to
 * 127.0.0.1 (Payara Micro has no option for it) and lift the keep-alive limit per connection
 * ({@code max-connections}, 250 requests by default), as Tomcat's is. Payara's data grid still
 * opens its port (6900 or the next free) on every interface; it carries no request here.
 */
final class PayaraLauncher {

    static final List<String> PREBOOT = List.of(
            "set configs.config.server-config.network-config.network-listeners"
                    + ".network-listener.http-listener.address=127.0.0.1",
            "set configs.config.server-config.network-config.protocols.protocol"
                    + ".http-listener.http.max-connections=-1");

    /** What Payara logs when the application did not deploy; it then runs on without it. */
    static final List<String> FAILURES = List.of("Exception while loading the app",
            "Exception during lifecycle processing");

    private PayaraLauncher() {
    }

    /** Lays out {@code base} (emptied first) and starts Payara Micro with {@code war} at /. */
    static ServerProcess start(Path payaraJar, Path war, Path base, List<String> jvmOptions) {
        int port = ServerProcess.freePort();
        Path preboot = base.resolve("preboot.asadmin");
        try {
            MpLoadFiles.fresh(base);
            Files.createDirectories(base.resolve("domain"));
            Files.createDirectories(base.resolve("runtime"));
            Files.write(preboot, PREBOOT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + base, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", payaraJar.toString(),
                "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster",
                "--rootdir", base.resolve("domain").toString(),
                "--unpackdir", base.resolve("runtime").toString(),
                "--prebootcommandfile", preboot.toString()));
        Map<String, String> env = new LinkedHashMap<>();
        for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            env.put(inherited, null);
        }
        return ServerProcess.start("payara-micro", port, command, base, env);
    }
}
