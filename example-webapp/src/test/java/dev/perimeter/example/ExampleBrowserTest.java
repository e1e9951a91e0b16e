package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page at {@code /} in a real Chromium (Debian's chromium and chromedriver, driven by
 * Selenium with both paths given, so that nothing is downloaded): log in, the access token is out
 * of the script's reach, {@code /api/me} shows alice, log out, and the API refuses the old token;
 * a session revoked elsewhere is reported as such. Without Chromium the test fails: it is part
 * of the contract, and {@code .ci/run} installs Chromium.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path data;
    @TempDir
    Path profile;

    @Test
    void aUserLogsInSeesMeLogsOutAndTheApiRefusesTheOldToken() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is missing: apt-get install chromium chromium-driver (.ci/run does)");
        try (RunningExample app = RunningExample.start(data)) {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile);
            WebDriver browser = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get(app.uri("/").toString());
                logIn(browser, wait, "alice", "alice-password");
                assertTrue(browser.findElement(By.id("me")).getText().contains("\"sub\": \"alice\""),
                        browser.findElement(By.id("me")).getText());

                // The tokens are in HttpOnly cookies: the page's script sees only XSRF-TOKEN.
                String scriptCookies = (String) ((JavascriptExecutor) browser)
                        .executeScript("return document.cookie");
                assertTrue(scriptCookies.contains("XSRF-TOKEN="), scriptCookies);
                assertFalse(scriptCookies.contains("access_token"), scriptCookies);
                assertFalse(scriptCookies.contains("refresh_token"), scriptCookies);
                Cookie access = browser.manage().getCookieNamed("access_token");
                assertTrue(access.isHttpOnly());
                assertEquals("Strict", access.getSameSite());
                assertEquals(200, app.get("/api/me", access.getValue()).statusCode());

                browser.findElement(By.id("ping-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ping"), "403"));
                assertTrue(browser.findElement(By.id("ping")).getText().contains("role"));

                browser.findElement(By.id("logout-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                        "You have logged out."));
                assertTrue(browser.findElement(By.id("login")).isDisplayed());
                HttpResponse<String> refused = app.get("/api/me", access.getValue());
                assertEquals(401, refused.statusCode());
                assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("revoked"));
                assertEquals(401L, fetchStatus(browser, "api/me"), "the browser holds no token");

                // A session revoked elsewhere: the page says so.
                logIn(browser, wait, "alice", "alice-password");
                String admin = app.login("admin", "admin-password").access();
                assertEquals(204, app.post("/admin/subjects/alice/revoke", admin).statusCode());
                browser.navigate().refresh();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                        "Your session was revoked."));
                assertTrue(browser.findElement(By.id("login")).isDisplayed());
            } finally {
                browser.quit();
                service.stop();
            }
        }
    }

    private static void logIn(WebDriver browser, WebDriverWait wait, String name, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), name));
        assertTrue(browser.findElement(By.id("session")).isDisplayed());
    }

    private static Object fetchStatus(WebDriver browser, String path) {
        return ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status));",
                path);
    }
}
