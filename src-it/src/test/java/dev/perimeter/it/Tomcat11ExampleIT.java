package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scenario set on Tomcat 11, deployed as on Tomcat 10.1: the same WAR as
 * {@code webapps/ROOT.war}, an absolute data directory in {@code CATALINA_OPTS}; and
 * {@code server.xml} as the README's "Deploying on Tomcat" asks ({@code ErrorReportValve}
 * without report and server info, an access log without query strings). Beyond the shared
 * scenarios, what Tomcat itself did with hostile logins: its log of a rejected parameter's
 * value, its error pages with version and stack trace, and the access log's query strings.
 */
class Tomcat11ExampleIT extends ExampleScenarios {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    boolean servlet61() {
        return true;
    }

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat11());
    }

    @Override
    RunningNode startNode() {
        Path directory = Built.containers().resolve(containerName());
        TomcatNode.Builder builder = TomcatNode.builder(Built.tomcat11(), Built.war(), directory)
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                .hardenedAsDocumented();
        modeProperties().forEach(builder::systemProperty);
        return builder.start();
    }

    @Test
    @Scenario("malformed-form-not-logged")
    void aMalformedFormIs400AndNoLogOfTomcatsHoldsTheValueOrAForgedLine() {
        String secret = "tc-secret-" + System.nanoTime();
        for (String path : List.of("/auth/login", "/auth/refresh")) {
            HttpResponse<String> response = app.send(app.request(path).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.ofString("username=alice&refresh_token=x&password="
                            + secret + "%ZZ%0aFORGED-" + secret)));
            assertEquals(400, response.statusCode(), path + " " + response.body());
            assertEquals("invalid_request", json(response).get("error").asText());
        }
        HttpResponse<String> badUtf8 = app.send(app.request("/auth/login").header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=" + secret + "%C3%28")));
        assertEquals(400, badUtf8.statusCode(), badUtf8.body());
        assertNoLogHolds(secret);
    }

    @Test
    @Scenario("query-credentials")
    void credentialsInTheQueryAre400AndTheDocumentedAccessLogHoldsNoneOfThem() throws Exception {
        String password = "tc-query-" + System.nanoTime();
        HttpResponse<String> response = app.send(app.request("/auth/login?username=alice&password="
                + password).header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, response.statusCode(), response.body());
        assertFalse(response.body().contains("access_token"));
        Path logs = node().directory().resolve("logs");
        String line = awaitAccessLogLine(logs, "\"POST /auth/login HTTP/1.1\" 400");
        assertFalse(line.contains("?"), line);
        assertNoLogHolds(password);
    }

    @Test
    @Scenario("no-disclosure")
    void noAnswerNamesTomcatItsVersionOrAStackTrace() throws Exception {
        List<String> answers = new ArrayList<>();
        for (String target : List.of("/a\\b", "/\\", "/%5C", "/static/%5C..%5Capp.js", "/a%00b", "/%")) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), target + ": " + answer);
            answers.add(answer);
        }
        HttpResponse<String> missing = app.get("/static/missing.css", null);
        assertEquals(404, missing.statusCode());
        assertEquals("{\"error\":\"not_found\"}", missing.body(), "the WAR's own error page");
        answers.add(missing.headers().map() + "\n" + missing.body());
        HttpResponse<String> unauthorized = app.get("/api/me", null);
        answers.add(unauthorized.headers().map() + "\n" + unauthorized.body());
        for (String answer : answers) {
            String lower = answer.toLowerCase();
            assertFalse(lower.contains("tomcat") || lower.contains("11.0") || lower.contains("exception")
                    || lower.contains("java.") || lower.contains("org.apache"), answer);
        }
    }

    @Test
    @Scenario("chunked-body-bound")
    void aChunkedBodyIsRefusedWith413AtTheLimitWithoutWaitingForTheRest() throws Exception {
        byte[] data = ("username=alice&pad=" + "a".repeat(20 * 1024)).getBytes(StandardCharsets.US_ASCII);
        String head = "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(data.length) + "\r\n";
        try (Socket socket = new Socket(app.root().getHost(), app.root().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Nothing more is sent: a server that parsed on would wait here.
            String status = new String(readLine(socket.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
        }
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(app.root().getHost(), app.root().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(all);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toByteArray();
    }

    /** No file the node wrote (Tomcat's logs, the access log, the console) holds {@code text}. */
    private void assertNoLogHolds(String text) {
        try (Stream<Path> files = Files.walk(node().directory())) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt"))
                    .toList()) {
                String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(text), file + " holds " + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awaitAccessLogLine(Path logs, String part) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("localhost_access_log"))
                        .toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                        if (line.contains(part)) {
                            return line;
                        }
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no access log line with " + part + " in " + logs);
            }
            Thread.sleep(100);
        }
    }
}
