package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.ExampleBrowserTest.Browser;
import dev.perimeter.example.users.SecondFactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Step-up (RFC 9470) in a real Chromium, on the cookie page: alice logs in with her password
 * only, asks for the payments, the page meets the 401 {@code insufficient_user_authentication}
 * challenge by asking for her password and TOTP code, logs in again with them and retries, and
 * the payments show with {@code acr} {@code mfa}. A wrong code is refused and the form stays.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleStepUpBrowserTest {

    @TempDir
    Path data;
    @TempDir
    Path profiles;

    private static String code() {
        return new SecondFactor(Clock.systemUTC()).codeAt("alice", Instant.now()).orElseThrow();
    }

    @Test
    void thePageAsksForTheSecondFactorOnTheChallengeAndRetries() throws Exception {
        try (RunningExample app = RunningExample.start(data);
                Browser alice = Browser.open(profiles.resolve("alice"))) {
            WebDriver browser = alice.driver;
            WebDriverWait wait = alice.wait;
            browser.get(app.uri("/").toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys("alice-password");
            browser.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("who"), "alice"));
            String passwordOnly = browser.manage().getCookieNamed("access_token").getValue();

            browser.findElement(By.id("payments-button")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-up")));
            String reason = browser.findElement(By.id("step-up-reason")).getText();
            assertTrue(reason.contains("within the last 300 seconds"), reason);
            assertTrue(reason.contains("a stronger authentication is required"), reason);
            assertEquals("", browser.findElement(By.id("payments")).getText());

            // a wrong code: refused, the form stays
            String right = code();
            browser.findElement(By.id("step-up-password")).sendKeys("alice-password");
            browser.findElement(By.id("step-up-otp")).sendKeys(right.equals("000000") ? "111111"
                    : "000000");
            browser.findElement(By.id("step-up-button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                    "Wrong password or code."));
            assertTrue(browser.findElement(By.id("step-up")).isDisplayed());

            browser.findElement(By.id("step-up-password")).sendKeys("alice-password");
            browser.findElement(By.id("step-up-otp")).sendKeys(code());
            browser.findElement(By.id("step-up-button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("payments"),
                    "\"acr\": \"mfa\""));
            assertTrue(browser.findElement(By.id("payments")).getText().contains("rent"),
                    browser.findElement(By.id("payments")).getText());
            assertFalse(browser.findElement(By.id("step-up")).isDisplayed());
            assertEquals("Confirmed with your second factor.",
                    browser.findElement(By.id("message")).getText());

            // the new cookie is the stepped-up token; the old one is still refused there
            String stepped = browser.manage().getCookieNamed("access_token").getValue();
            assertEquals(200, app.get("/api/payments", stepped).statusCode());
            assertEquals(401, app.get("/api/payments", passwordOnly).statusCode());
        }
    }
}
