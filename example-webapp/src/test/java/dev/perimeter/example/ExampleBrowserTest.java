package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page at {@code /} in a real Chromium (Debian's chromium and chromedriver, driven by
 * Selenium with both paths given, so that nothing is downloaded): log in, the access token is out
 * of the script's reach, {@code /api/me} shows alice, log out, and the API refuses the old token;
 * a session revoked elsewhere is reported as such. And the admin view, with two browsers side by
 * side: the admin revokes one of alice's sessions, then all of them, and alice's page says her
 * session has ended; the admin's list of audit events shows the revocation. Without Chromium the test fails: it is part of the contract, and
 * {@code .ci/run} installs Chromium.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SESSION_ENDED = "Your session has ended";

    @TempDir
    Path data;
    @TempDir
    Path profiles;

    @Test
    void aUserLogsInSeesMeLogsOutAndTheApiRefusesTheOldToken() throws Exception {
        try (RunningExample app = RunningExample.start(data);
                Browser alice = Browser.open(profiles.resolve("alice"))) {
            WebDriver browser = alice.driver;
            WebDriverWait wait = alice.wait;
            browser.get(app.uri("/").toString());
            logIn(browser, wait, "alice", "alice-password");
            assertTrue(browser.findElement(By.id("me")).getText().contains("\"sub\": \"alice\""),
                    browser.findElement(By.id("me")).getText());
            assertFalse(browser.findElement(By.id("admin")).isDisplayed(), "no admin view for alice");

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
                    SESSION_ENDED + ": it was revoked."));
            assertTrue(browser.findElement(By.id("login")).isDisplayed());
        }
    }

    @Test
    void anAdminRevokesOneOfAlicesSessionsThenAllAndHerPageSaysHerSessionEnded() throws Exception {
        try (RunningExample app = RunningExample.start(data);
                Browser alice = Browser.open(profiles.resolve("alice"));
                Browser admin = Browser.open(profiles.resolve("admin"))) {
            alice.driver.get(app.uri("/").toString());
            logIn(alice.driver, alice.wait, "alice", "alice-password");
            String aliceAccess = alice.driver.manage().getCookieNamed("access_token").getValue();

            admin.driver.get(app.uri("/").toString());
            logIn(admin.driver, admin.wait, "admin", "admin-password");
            admin.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin")));
            assertTrue(admin.driver.findElement(By.id("audit")).isDisplayed(),
                    "the place for the latest audit events");
            Map<String, String> adminLogin = auditEvent(admin, "issued", "admin", "/auth/login");
            assertEquals("success / login", adminLogin.get("result"), adminLogin.toString());
            List<WebElement> sessions = showSessionsOf(admin, "alice", 1);
            List<WebElement> cells = sessions.get(0).findElements(By.tagName("td"));
            assertEquals("127.0.0.1", cells.get(2).getText(), "the address of her login");
            assertFalse(cells.get(0).getText().isBlank(), "created");
            assertFalse(cells.get(1).getText().isBlank(), "last used");

            sessions.get(0).findElement(By.className("revoke-session")).click();
            admin.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                    "The session was revoked."));
            admin.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-no-sessions")));
            assertEquals(401, app.get("/api/me", aliceAccess).statusCode());
            // The admin's list of audit events shows the revocation, with the admin's request.
            Map<String, String> revoked = auditEvent(admin, "revoked", "alice", "/admin/sessions/");
            assertEquals("success / session", revoked.get("result"), revoked.toString());
            assertEquals("alice", revoked.get("sub"));
            assertEquals("127.0.0.1", revoked.get("client"));
            assertTrue(revoked.get("path").matches("POST /admin/sessions/[A-Za-z0-9_-]+/revoke"),
                    revoked.toString());
            assertFalse(revoked.get("time").isBlank());

            // Alice's page, at her next visit: her session has ended, and the API agrees.
            alice.driver.navigate().refresh();
            alice.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                    SESSION_ENDED));
            assertTrue(alice.driver.findElement(By.id("login")).isDisplayed());
            assertFalse(alice.driver.findElement(By.id("session")).isDisplayed());
            assertEquals(401L, fetchStatus(alice.driver, "api/me"));

            // Revoke all: her new login in this browser and another one elsewhere.
            logIn(alice.driver, alice.wait, "alice", "alice-password");
            String elsewhere = app.login("alice", "alice-password").access();
            admin.driver.findElement(By.id("admin-reload-button")).click();
            showSessionsOf(admin, "alice", 2);
            admin.driver.findElement(By.id("revoke-all-button")).click();
            admin.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                    "Every session of alice was revoked."));
            admin.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-no-sessions")));
            assertEquals(401, app.get("/api/me", elsewhere).statusCode());

            // Alice's next action, without reloading: her page shows that her session ended.
            alice.driver.findElement(By.id("me-button")).click();
            alice.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                    SESSION_ENDED));
            assertTrue(alice.driver.findElement(By.id("login")).isDisplayed());
            assertEquals(401L, fetchStatus(alice.driver, "api/me"));
            assertTrue(admin.driver.findElement(By.id("session")).isDisplayed(),
                    "the admin's own session goes on");
        }
    }

    /**
     * Waits for the admin's list of audit events to show an event of {@code kind} about
     * {@code sub} whose path contains {@code path}, pressing "Reload events" meanwhile: the
     * filter's audit thread delivers events a moment after the request. Returns the texts of
     * the event's columns (time, kind, result, sub, client, path).
     */
    private static Map<String, String> auditEvent(Browser admin, String kind, String sub,
            String path) {
        By events = By.cssSelector("#audit-events li[data-kind='" + kind + "'][data-sub='" + sub
                + "']");
        return new WebDriverWait(admin.driver, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class) // the list is being reloaded
                .until(driver -> {
                    for (WebElement event : driver.findElements(events)) {
                        Map<String, String> columns = new LinkedHashMap<>();
                        for (WebElement column : event.findElements(By.tagName("span"))) {
                            columns.put(column.getAttribute("class").replace("audit-", ""),
                                    column.getText());
                        }
                        if (columns.getOrDefault("path", "").contains(path)) {
                            return columns;
                        }
                    }
                    driver.findElement(By.id("audit-reload-button")).click();
                    return null;
                });
    }

    /** Chooses {@code user} in the admin view and waits for {@code count} session rows. */
    private static List<WebElement> showSessionsOf(Browser admin, String user, int count) {
        admin.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#admin-user option[value='" + user + "']")));
        new Select(admin.driver.findElement(By.id("admin-user"))).selectByValue(user);
        By rows = By.cssSelector("#admin-sessions-body tr");
        admin.wait.until(ExpectedConditions.numberOfElementsToBe(rows, count));
        return admin.driver.findElements(rows);
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

    /** A headless Chromium with a fresh profile, and its driver; quit on close. */
    static final class Browser implements AutoCloseable {
        final ChromeDriverService service;
        final WebDriver driver;
        final WebDriverWait wait;

        private Browser(ChromeDriverService service, WebDriver driver) {
            this.service = service;
            this.driver = driver;
            this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        }

        static Browser open(Path profile) throws Exception {
            assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                    "Chromium is missing: apt-get install chromium chromium-driver (.ci/run does)");
            Files.createDirectories(profile);
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
            try {
                return new Browser(service, new ChromeDriver(service, options));
            } catch (RuntimeException e) {
                service.stop();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                service.stop();
            }
        }
    }
}
