package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.RunningExample.Pair;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's own headers and error pages on embedded Jetty: nosniff on every answer, the
 * page's Content-Security-Policy without inline script and without framing, no-store on
 * authenticated JSON, the container's error pages replaced by JSON; and cookie names with the
 * {@code __Host-} prefix when {@code secure-cookies=true}.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleResponseHeadersTest {

    @TempDir
    static Path data;
    static RunningExample app;
    static Pair admin;

    @BeforeAll
    static void start() throws Exception {
        app = RunningExample.start(data);
        admin = app.login("admin", "admin-password");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyAnswerCarriesNosniffThePagesTheFiltersAndTheErrorPagesToo() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                app.get("/", null), app.get("/static/app.js", null), app.get("/health", null),
                app.get("/.well-known/jwks.json", null), app.get("/api/me", null),
                app.get("/api/me", admin.access()), app.get("/api/admin/ping", admin.access()),
                app.get("/static/missing.js", null), app.get("/auth/login", null),
                app.postJson("/auth/login", "{", null));
        for (HttpResponse<String> answer : answers) {
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null),
                    answer.uri() + " " + answer.statusCode());
        }
    }

    @Test
    void thePagesPolicyAllowsNoInlineScriptAndNoFraming() throws Exception {
        HttpResponse<String> page = app.get("/", null);
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        String scripts = directive(policy, "script-src");
        assertEquals("'self'", scripts, policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
        assertEquals("'none'", directive(policy, "frame-ancestors"), policy);
        assertEquals("'none'", directive(policy, "default-src"), policy);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandlerSoThePolicyCannotBreakIt() throws Exception {
        String page = app.get("/index.html", null).body();
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE)
                .matcher(page).find(), "an inline <script>");
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "an inline event handler");
        assertFalse(Pattern.compile("<style|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "inline style");
        assertFalse(page.contains("javascript:"));
    }

    @Test
    void authenticatedJsonAnswersAreNoStore() throws Exception {
        for (String path : List.of("/api/me", "/api/admin/ping", "/admin/users", "/admin/audit")) {
            HttpResponse<String> answer = app.get(path, admin.access());
            assertEquals(200, answer.statusCode(), path + " " + answer.body());
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(null), path);
        }
    }

    @Test
    void theContainersErrorPagesAreReplacedByJsonNamingTheStatusOnly() throws Exception {
        HttpResponse<String> missing = app.get("/static/missing.js", null);
        assertEquals(404, missing.statusCode());
        assertEquals("{\"error\":\"not_found\"}", missing.body());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> put = app.send(app.request("/static/app.js")
                .PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, put.statusCode());
        // Jetty's file servlet answers this with a bare status, no page at all.
        assertTrue(put.body().isEmpty() || put.body().equals("{\"error\":\"method_not_allowed\"}"),
                put.body());
        HttpResponse<String> errorPage = app.get("/error", null);
        if (RunningExample.containerMode()) {
            // Open (Open Liberty authenticates the error dispatch): it names a status, no more.
            assertEquals("{\"error\":\"server_error\"}", errorPage.body());
        } else {
            assertEquals(401, errorPage.statusCode(), "the error page is behind the filter");
        }
        for (HttpResponse<String> answer : List.of(missing, put)) {
            assertFalse(answer.body().toLowerCase().contains("jetty"), answer.body());
            assertFalse(answer.headers().firstValue("Server").isPresent(), answer.headers().map().toString());
        }
        String backslash = RawHttp1.exchange(app.uri("/"), "GET /static\\app.js HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
        int status = RawHttp1.status(backslash);
        assertTrue(status == 400 || status == 404, backslash);
        assertNoDisclosure(backslash);
        String encoded = RawHttp1.exchange(app.uri("/"), "GET /%5C HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
        assertNoDisclosure(encoded);
    }

    @Test
    void withSecureCookiesTheAccessCookieIsHostPrefixedAndTheFilterReadsIt(@TempDir Path other)
            throws Exception {
        try (RunningExample secure = RunningExample.start(other, Map.of("secure-cookies", "true"))) {
            HttpResponse<String> login = secure.postJson("/auth/login?mode=cookie",
                    "{\"username\":\"alice\",\"password\":\"alice-password\"}", null);
            assertEquals(200, login.statusCode(), login.body());
            Map<String, String> cookies = RunningExample.setCookies(login);
            String access = cookies.get("__Host-access_token");
            String refresh = cookies.get("__Secure-refresh_token");
            assertTrue(access != null && refresh != null, cookies.toString());
            assertTrue(access.contains("; Path=/;") && access.contains("; Secure")
                    && !access.toLowerCase().contains("domain="), access);
            assertTrue(refresh.contains("; Path=/auth;") && refresh.contains("; Secure"), refresh);
            assertFalse(cookies.containsKey("access_token"), cookies.toString());

            String value = RunningExample.cookieValue(access);
            assertEquals(200, secure.send(secure.request("/api/me")
                    .header("Cookie", "__Host-access_token=" + value).GET()).statusCode());
            assertEquals(401, secure.send(secure.request("/api/me")
                    .header("Cookie", "access_token=" + value).GET()).statusCode(),
                    "the filter reads the prefixed name only");

            String xsrf = RunningExample.cookieValue(cookies.get("XSRF-TOKEN"));
            HttpResponse<String> refreshed = secure.send(secure.request("/auth/refresh")
                    .header("Cookie", "__Secure-refresh_token=" + RunningExample.cookieValue(refresh)
                            + "; XSRF-TOKEN=" + xsrf)
                    .header("X-XSRF-TOKEN", xsrf).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            assertTrue(RunningExample.setCookies(refreshed).containsKey("__Host-access_token"));
        }
    }

    private static void assertNoDisclosure(String response) {
        String lower = response.toLowerCase();
        assertFalse(lower.contains("jetty") || lower.contains("exception") || lower.contains("\tat ")
                || lower.contains("java."), response);
    }

    private static String directive(String policy, String name) {
        for (String directive : policy.split(";")) {
            String[] parts = directive.trim().split("\\s+", 2);
            if (parts[0].equals(name)) {
                return parts.length > 1 ? parts[1] : "";
            }
        }
        throw new AssertionError("no " + name + " in " + policy);
    }

    static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
