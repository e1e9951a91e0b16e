package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command, {@code java -jar perimeter-example.jar}, in a process of its own: it
 * serves the example with its data in {@code ./data}, readable by its owner only; and a bad
 * setting makes it exit with 1 and a message naming the setting.
 */
@Tag("webapp")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExampleLauncherTest {

    private static final Pattern RUNNING = Pattern.compile("running at http://localhost:(\\d+)/");

    @TempDir
    Path directory;

    @Test
    void javaJarServesTheExampleWithItsDataInTheWorkingDirectory() throws Exception {
        Process process = launch("-Dperimeter.example.port=0");
        try {
            int port = awaitPort(process);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Perimeter example"));
        } finally {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
        }
        Path data = directory.resolve("data");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("signing-key.pem"))));
        assertTrue(Files.exists(data.resolve("jwks.json")));
        assertTrue(Files.exists(data.resolve("perimeter.mv.db")));
    }

    @Test
    void anInvalidSettingEndsTheLauncherWithAMessageNamingIt() throws Exception {
        Process process = launch("-Dperimeter.example.port=0", "-Dperimeter.example.signing-alg=HS256");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output());
        assertEquals(1, process.exitValue(), output());
        assertTrue(output().contains("setting 'signing-alg': expected RS256 or ES256"), output());
    }

    private Process launch(String... options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.add("-jar");
        command.add(RunningExample.launcherJar().toString());
        return new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output.log").toFile())
                .start();
    }

    private int awaitPort(Process process) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Matcher running = RUNNING.matcher(output());
            if (running.find()) {
                return Integer.parseInt(running.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the launcher ended: " + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the launcher did not report running: " + output());
    }

    private String output() throws Exception {
        Path log = directory.resolve("output.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
