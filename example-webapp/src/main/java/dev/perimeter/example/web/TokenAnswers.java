package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.TokenPair;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer that hands out a token pair, shared by login and refresh: the tokens in a JSON body
 * (RFC 6749, 5.1), or in cookie mode only in HttpOnly cookies, with a body that says how long
 * they last. {@code token_type} is {@code DPoP} for an access token bound to a DPoP key (RFC
 * 9449 section 5), {@code Bearer} otherwise.
 */
final class TokenAnswers {

    private TokenAnswers() {
    }

    static void send(HttpServletRequest request, HttpServletResponse response, TokenPair tokens,
            boolean cookieMode, ExampleApp app) throws IOException {
        Clock clock = app.clock();
        Map<String, Object> body = new LinkedHashMap<>();
        long expiresIn = seconds(clock, tokens.access().expiresAt());
        if (cookieMode) {
            AuthCookies.of(app).issue(request, response, tokens);
            body.put("token_type", "Bearer");
            body.put("expires_in", expiresIn);
            body.put("refresh_expires_in", seconds(clock, tokens.refresh().expiresAt()));
        } else {
            body.put("access_token", tokens.access().token());
            body.put("token_type", tokens.access().isDpopBound() ? "DPoP" : "Bearer");
            body.put("expires_in", expiresIn);
            body.put("refresh_token", tokens.refresh().token());
            body.put("refresh_expires_in", seconds(clock, tokens.refresh().expiresAt()));
        }
        Json.write(response, HttpServletResponse.SC_OK, body);
    }

    private static long seconds(Clock clock, Instant until) {
        return Math.max(0, Duration.between(clock.instant(), until).getSeconds());
    }
}
