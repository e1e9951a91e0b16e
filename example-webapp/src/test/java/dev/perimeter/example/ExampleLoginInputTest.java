package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.RunningExample.Pair;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker sends to {@code /auth/login}, {@code /auth/refresh} and {@code /auth/revoke}
 * instead of a well-formed body: credentials in the URL, malformed and oversized forms and JSON,
 * in any transfer encoding. Each is 400 or 413 {@code invalid_request}, never 500, never logs
 * in, and leaves no secret in any log line of the JVM.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleLoginInputTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path data;
    static RunningExample app;
    static LogLines logs;

    @BeforeAll
    static void start() throws Exception {
        logs = LogLines.record();
        // Many failed logins from one address here: the per-address limit has its own test.
        app = RunningExample.start(data, Map.of("login-address-failures", "1000"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    // --- credentials in the URL ---

    @Test
    void credentialsInTheQueryStringAreRefusedWith400EvenWithAnEmptyFormBody() throws Exception {
        String password = "alice-password";
        HttpResponse<String> response = app.send(app.request(
                "/auth/login?username=alice&password=" + password).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertInvalidRequest(400, response);
        assertFalse(response.body().contains("access_token"));

        HttpResponse<String> withJson = app.send(app.request("/auth/login?password=" + password)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"x\"}")));
        assertInvalidRequest(400, withJson);
        HttpResponse<String> cookieMode = app.send(app.request("/auth/login?mode=cookie&username=alice")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"alice\",\"password\":\"alice-password\"}")));
        assertInvalidRequest(400, cookieMode);
        assertTrue(cookieMode.headers().allValues("Set-Cookie").isEmpty());
        assertNoLineHolds(password + "&");
    }

    @Test
    void aRefreshTokenInTheQueryIsRefusedAndStaysUnspent() throws Exception {
        Pair pair = app.login("alice", "alice-password");
        HttpResponse<String> refused = app.send(app.request("/auth/refresh?refresh_token=" + pair.refresh())
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.noBody()));
        assertInvalidRequest(400, refused);
        assertEquals(200, app.refresh(pair.refresh()).statusCode(), "not spent by the refused request");
        assertNoLineHolds(pair.refresh());
    }

    @Test
    void aTokenToRevokeInTheQueryIsRefusedAndNotRevoked() throws Exception {
        Pair pair = app.login("alice", "alice-password");
        HttpResponse<String> refused = app.send(app.request("/auth/revoke?token=" + pair.access())
                .header("Authorization", "Bearer " + pair.access()).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertInvalidRequest(400, refused);
        assertEquals(200, app.get("/api/me", pair.access()).statusCode(), "still valid");
        assertNoLineHolds(signature(pair.access()));
    }

    // --- malformed forms ---

    @Test
    void malformedFormsAreRefusedWith400OnLoginAndRefresh() throws Exception {
        Map<String, String> forms = Map.of(
                "a bad % escape", "username=alice&password=se%ZZcret",
                "a cut % escape", "username=alice&password=secret%4",
                "invalid UTF-8", "username=alice&password=%C3%28",
                "an encoded surrogate", "username=alice&password=%ED%A0%80",
                "a repeated field", "username=alice&password=alice-password&password=x",
                "2,000 fields", IntStream.range(0, 2000).mapToObj(i -> "f" + i + "=v")
                        .collect(Collectors.joining("&")) + "&username=alice&password=alice-password");
        for (Map.Entry<String, String> form : forms.entrySet()) {
            for (String path : List.of("/auth/login", "/auth/refresh")) {
                HttpResponse<String> response = app.send(app.request(path).header("Content-Type", FORM)
                        .POST(HttpRequest.BodyPublishers.ofString(form.getValue()
                                .replace("username=alice", path.endsWith("refresh")
                                        ? "refresh_token=abc" : "username=alice"))));
                assertInvalidRequest(400, response, form.getKey() + " on " + path);
            }
        }
        HttpResponse<String> rawByte = app.send(app.request("/auth/login").header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(concat(
                        "username=alice&password=".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff}))));
        assertInvalidRequest(400, rawByte, "a raw byte that is not ASCII");
        HttpResponse<String> latin1 = app.send(app.request("/auth/login")
                .header("Content-Type", FORM + "; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password")));
        assertInvalidRequest(400, latin1, "another charset");
    }

    @Test
    void aWellFormedFormWithEncodedCharactersStillLogsIn() throws Exception {
        HttpResponse<String> response = app.postForm("/auth/login",
                Map.of("username", "admin", "password", "admin-password", "note", "ä ö+&="), null);
        assertEquals(200, response.statusCode(), response.body());
        HttpResponse<String> plus = app.send(app.request("/auth/login").header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString("username=al%69ce&password=alice%2Dpassword")));
        assertEquals(200, plus.statusCode(), plus.body());
    }

    // --- oversized bodies, whatever the transfer encoding ---

    @Test
    void aBodyDeclaredLargerThanTheLimitIs413Unread() throws Exception {
        // The declared 300,000 bytes are never sent: the answer comes before them.
        String status = RawHttp1.answerBeforeTheRest(app.uri("/"), "POST /auth/login HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: " + FORM + "\r\nContent-Length: 300000\r\n\r\n",
                "username=alice".getBytes(StandardCharsets.US_ASCII));
        assertNotNull(status, "the server waited for the body instead of refusing it");
        assertEquals(413, RawHttp1.status(status), status);
    }

    @Test
    void aChunkedBodyIsReadNoFurtherThanTheLimit() throws Exception {
        // 20 KiB of a body announced as chunked, then silence: a server that reads on waits.
        byte[] first = ("username=alice&pad=" + "a".repeat(20 * 1024)).getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/auth/login", "/auth/refresh")) {
            String status = RawHttp1.answerBeforeTheRest(app.uri("/"), "POST " + path + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: " + FORM + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                    RawHttp1.chunk(first));
            assertNotNull(status, path + ": the server read past the limit, waiting for more");
            assertEquals(413, RawHttp1.status(status), path + ": " + status);
        }
    }

    @Test
    void aLoginWhosePasswordLiesPastTheLimitOfAChunkedBodyIsNeverParsed() throws Exception {
        String form = "username=alice&pad=" + "a".repeat(300 * 1024) + "&password=alice-password";
        HttpResponse<String> response = app.send(app.request("/auth/login").header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofString(form))));  // no length: chunked
        assertInvalidRequest(413, response);
        // The rest of the body is never read: the connection cannot serve another request.
        assertEquals(List.of("close"), response.headers().allValues("Connection"));
    }

    @Test
    void aBrokenChunkedEncodingIs400() throws Exception {
        String response = RawHttp1.exchange(app.uri("/"), "POST /auth/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: " + FORM + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                "zz\r\nusername=alice\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, RawHttp1.status(response), response);
    }

    // --- lenient JSON ---

    @Test
    void loginJsonIsParsedAsStrictlyAsATokensClaims() throws Exception {
        Map<String, String> bodies = Map.of(
                "a repeated password", "{\"username\":\"alice\",\"password\":\"x\",\"password\":\"alice-password\"}",
                "a repeated user name", "{\"username\":\"x\",\"username\":\"alice\",\"password\":\"alice-password\"}",
                "trailing content", "{\"username\":\"alice\",\"password\":\"alice-password\"} x",
                "a second object", "{\"username\":\"alice\",\"password\":\"alice-password\"}{}",
                "a password that is no string", "{\"username\":\"alice\",\"password\":[\"alice-password\"]}",
                "an array", "[{\"username\":\"alice\",\"password\":\"alice-password\"}]");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            assertInvalidRequest(400, app.postJson("/auth/login", body.getValue(), null), body.getKey());
        }
        byte[] utf16 = "{\"username\":\"alice\",\"password\":\"alice-password\"}".getBytes(StandardCharsets.UTF_16BE);
        assertInvalidRequest(400, app.send(app.request("/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(utf16))), "UTF-16");
        byte[] badUtf8 = concat("{\"username\":\"alice\",\"password\":\"".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xc3, (byte) 0x28, '"', '}'});
        assertInvalidRequest(400, app.send(app.request("/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(badUtf8))), "invalid UTF-8");
        assertInvalidRequest(400, app.postJson("/auth/refresh",
                "{\"refresh_token\":\"a\",\"refresh_token\":\"b\"}", null), "a repeated refresh token");
    }

    // --- secrets in logs ---

    @Test
    void noTypedNamePasswordOrForgedLineReachesALogLine() throws Exception {
        String typedName = "hunter2-typed-into-the-name-field";
        assertEquals(401, app.postJson("/auth/login", "{\"username\":\"" + typedName
                + "\",\"password\":\"wrong-one\"}", null).statusCode());
        assertInvalidRequest(400, app.send(app.request("/auth/login").header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "username=alice&password=pw-in-a-bad-form%ZZ%0aFORGED-LOG-LINE"))));
        assertInvalidRequest(400, app.send(app.request("/auth/login?password=pw-in-the-query%0aFORGED-QUERY-LINE")
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.noBody())));
        String longName = "n".repeat(5000);
        app.postJson("/auth/login", "{\"username\":\"" + longName + "\",\"password\":\"x\"}", null);

        awaitLineContaining("a failed login from 127.0.0.1");
        for (String secret : List.of(typedName, "wrong-one", "pw-in-a-bad-form", "FORGED-LOG-LINE",
                "pw-in-the-query", "FORGED-QUERY-LINE", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")) {
            assertNoLineHolds(secret);
        }
    }

    private static void awaitLineContaining(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (logs.containing(text).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line holds '" + text + "': " + logs.lines());
            }
            Thread.sleep(20);
        }
    }

    static void assertNoLineHolds(String secret) {
        List<String> found = logs.containing(secret);
        assertTrue(found.isEmpty(), "a log line holds '" + secret + "': " + found);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        assertTrue(logs.containing(encoded).isEmpty(), "a log line holds '" + encoded + "'");
    }

    static void assertInvalidRequest(int status, HttpResponse<String> response) throws Exception {
        assertInvalidRequest(status, response, "");
    }

    static void assertInvalidRequest(int status, HttpResponse<String> response, String what)
            throws Exception {
        assertEquals(status, response.statusCode(), what + ": " + response.body());
        assertEquals("invalid_request", json(response).get("error").asText(), what);
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null), what);
    }

    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
