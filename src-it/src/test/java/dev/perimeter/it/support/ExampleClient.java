package dev.perimeter.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;

/**
 * The JDK's HTTP client pointed at one deployed example. It keeps no cookies and follows no
 * redirects, so every answer is the container's own. It remembers every access token that
 * {@link #login} and {@link #refresh} received, so that tests can clean up what they revoked.
 */
public final class ExampleClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI root;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Set<String> issuedAccessTokens = new CopyOnWriteArraySet<>();

    public ExampleClient(URI root) {
        this.root = root;
    }

    /** The example's root URI. */
    public URI root() {
        return root;
    }

    /** A request for {@code path} (absolute, such as {@code /api/me}) with a time-out. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(root.resolve(path.substring(1))).timeout(TIMEOUT);
    }

    /** Sends {@code request} and reads the body as UTF-8 text. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + root + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code GET path} with {@code Authorization: Bearer <bearer>}, or none when null. */
    public HttpResponse<String> get(String path, String bearer) {
        return send(withBearer(request(path).GET(), bearer));
    }

    /** {@code GET path} with this exact {@code Authorization} header value. */
    public HttpResponse<String> getWithAuthorization(String path, String authorization) {
        return send(request(path).header("Authorization", authorization).GET());
    }

    /** {@code POST path} with a JSON body. */
    public HttpResponse<String> postJson(String path, String json, String bearer) {
        return send(withBearer(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), bearer));
    }

    /** {@code POST path} with a form body. */
    public HttpResponse<String> postForm(String path, Map<String, String> form, String bearer) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(withBearer(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), bearer));
    }

    /** {@code POST path} without a body. */
    public HttpResponse<String> post(String path, String bearer) {
        return send(withBearer(request(path).POST(HttpRequest.BodyPublishers.noBody()), bearer));
    }

    /** Logs in with JSON; fails unless the answer is 200 with a pair. */
    public TokenPair login(String username, String password) {
        HttpResponse<String> response = postJson("/auth/login", "{\"username\":\"" + username
                + "\",\"password\":\"" + password + "\"}", null);
        if (response.statusCode() != 200) {
            throw new AssertionError("login of " + username + " at " + root + ": "
                    + response.statusCode() + " " + response.body());
        }
        return pairOf(response);
    }

    /** Refreshes with JSON, as is: the caller checks the answer. */
    public HttpResponse<String> refresh(String refreshToken) {
        HttpResponse<String> response = postJson("/auth/refresh",
                "{\"refresh_token\":\"" + refreshToken + "\"}", null);
        if (response.statusCode() == 200) {
            pairOf(response);
        }
        return response;
    }

    /** The pair in a 200 answer of login or refresh. */
    public TokenPair pairOf(HttpResponse<String> response) {
        JsonNode body = json(response);
        TokenPair pair = new TokenPair(body.get("access_token").asText(),
                body.get("refresh_token").asText());
        issuedAccessTokens.add(pair.access());
        return pair;
    }

    /** Every access token this client received, oldest first, each once. */
    public List<String> issuedAccessTokens() {
        return List.copyOf(issuedAccessTokens);
    }

    /** The body as JSON; fails with the body when it is not JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static HttpRequest.Builder withBearer(HttpRequest.Builder request, String bearer) {
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }
}
