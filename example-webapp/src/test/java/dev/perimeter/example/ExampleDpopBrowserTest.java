package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The DPoP page ({@code /dpop.html}) in a real Chromium, under the application's
 * Content-Security-Policy: it makes a WebCrypto key, logs in with a proof and shows
 * {@code /api/me}; the tokens are in no cookie and no storage. Then a script injected into the
 * page (as an XSS would be) copies the access token and the proof from the page's own request;
 * replayed from Java, the token is refused with a proof of another key, as a bearer token, and
 * with the copied proof itself, while the page goes on working: it reloads {@code /api/me},
 * refreshes (the new token bound to the same key) and logs out.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleDpopBrowserTest {

    /** Wraps the page's fetch, recording each request's URL and its two DPoP headers. */
    private static final String COPY_REQUESTS = """
            window.copied = [];
            const original = window.fetch;
            window.fetch = function (input, init) {
              const headers = (init && init.headers) || {};
              window.copied.push({ url: String(input), authorization: headers.Authorization || null,
                proof: headers.DPoP || null });
              return original.apply(this, arguments);
            };
            """;

    @TempDir
    Path data;
    @TempDir
    Path profiles;

    @Test
    void thePageLogsInWithAKeyOfItsOwnAndACopiedTokenIsUselessElsewhere() throws Exception {
        try (RunningExample app = RunningExample.start(data);
                ExampleBrowserTest.Browser alice = ExampleBrowserTest.Browser.open(profiles.resolve("alice"))) {
            WebDriver browser = alice.driver;
            WebDriverWait wait = alice.wait;
            JavascriptExecutor script = (JavascriptExecutor) browser;
            browser.get(app.uri("/").toString());
            browser.findElement(By.id("dpop-link")).click();
            wait.until(ExpectedConditions.urlContains("/dpop.html"));
            wait.until(ExpectedConditions.textToBe(By.id("message"), "Please log in."));

            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys("alice-password");
            browser.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("message"), "Logged in with DPoP-bound tokens."));
            assertEquals("alice", browser.findElement(By.id("who")).getText());
            assertEquals("DPoP", browser.findElement(By.id("token-type")).getText());
            assertTrue(browser.findElement(By.id("me")).getText().contains("\"sub\": \"alice\""),
                    browser.findElement(By.id("me")).getText());
            String jkt = browser.findElement(By.id("jkt")).getText();
            assertEquals(43, jkt.length(), jkt);
            assertEquals("", script.executeScript("return document.cookie"), "no cookie");
            assertEquals(0L, script.executeScript("return localStorage.length + sessionStorage.length"),
                    "nothing in storage");

            // An injected script copies what the page sends with its next request.
            script.executeScript(COPY_REQUESTS);
            script.executeScript("document.getElementById('me').textContent = ''");
            browser.findElement(By.id("me-button")).click();
            // Shown: the page's request is done, so its proof has been used.
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "\"sub\": \"alice\""));
            Map<?, ?> copied = copiedRequest(wait, browser, "api/me");
            String authorization = (String) copied.get("authorization");
            assertTrue(authorization.startsWith("DPoP "), authorization);
            String token = authorization.substring("DPoP ".length());
            String pageProof = (String) copied.get("proof");
            assertEquals(Map.of("jkt", jkt), JWT.decode(token).getClaim("cnf").asMap());

            // The copy, elsewhere: with the thief's own key, as a bearer token, with the page's
            // proof (already used), and with that proof for another URL: all refused.
            DpopProofs thief = DpopProofs.newKey();
            String me = app.uri("/api/me").toString();
            assertEquals(401, ExampleDpopTest.dpopGet(app, "/api/me", token,
                    thief.proof("GET", me, token)).statusCode(), "a proof of another key");
            HttpResponse<String> asBearer = app.get("/api/me", token);
            assertEquals(401, asBearer.statusCode(), "as a bearer token");
            assertEquals(401, ExampleDpopTest.dpopGet(app, "/api/me", token, pageProof).statusCode(),
                    "the page's own proof, once more");
            assertEquals(401, ExampleDpopTest.dpopGet(app, "/api/admin/ping", token, pageProof)
                    .statusCode(), "the page's proof for another URL");

            // The page goes on: /api/me, a refresh bound to the same key, logout.
            script.executeScript("document.getElementById('me').textContent = ''");
            browser.findElement(By.id("me-button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "\"sub\": \"alice\""));
            browser.findElement(By.id("refresh-button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("message"),
                    "The tokens were refreshed, bound to the same key."));
            // The third GET /api/me since the copying began: after the refresh, with the new token.
            Map<?, ?> afterRefresh = copiedRequest(wait, browser, "api/me", 3);
            String refreshed = ((String) afterRefresh.get("authorization")).substring("DPoP ".length());
            assertNotEquals(token, refreshed);
            assertEquals(Map.of("jkt", jkt), JWT.decode(refreshed).getClaim("cnf").asMap());
            assertTrue(copiedUrls(browser).stream().anyMatch(url -> url.endsWith("auth/refresh")));

            browser.findElement(By.id("logout-button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("message"), "You have logged out."));
            assertTrue(browser.findElement(By.id("login")).isDisplayed());
            assertFalse(browser.findElement(By.id("session")).isDisplayed());
            assertEquals(401, ExampleDpopTest.dpopGet(app, "/api/me", refreshed,
                    thief.proof("GET", me, refreshed)).statusCode());
        }
    }

    /**
     * The {@code n}-th request (1 = the first) the injected script copied whose URL ends with
     * {@code path} and that carried an access token.
     */
    private static Map<?, ?> copiedRequest(WebDriverWait wait, WebDriver browser, String path, int n) {
        return wait.until(driver -> {
            int seen = 0;
            for (Object entry : copied(driver)) {
                Map<?, ?> request = (Map<?, ?>) entry;
                if (String.valueOf(request.get("url")).endsWith(path) && request.get("authorization") != null
                        && ++seen == n) {
                    return request;
                }
            }
            return null;
        });
    }

    private static Map<?, ?> copiedRequest(WebDriverWait wait, WebDriver browser, String path) {
        return copiedRequest(wait, browser, path, 1);
    }

    private static List<?> copied(WebDriver driver) {
        Object copied = ((JavascriptExecutor) driver).executeScript("return window.copied || []");
        return (List<?>) copied;
    }

    private static List<String> copiedUrls(WebDriver browser) {
        return copied(browser).stream().map(entry -> String.valueOf(((Map<?, ?>) entry).get("url")))
                .toList();
    }
}
