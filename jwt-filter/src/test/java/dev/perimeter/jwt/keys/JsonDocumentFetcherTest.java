package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.JwksServer.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fetcher against a real local server: statuses, size limit, deadlines, Cache-Control. */
class JsonDocumentFetcherTest {

    /** Generous where time is not what a test is about; one second where it is. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    private static JwksServer provider;
    private final JsonDocumentFetcher fetcher = new JsonDocumentFetcher(TIMEOUT, true);
    private final JsonDocumentFetcher impatient = new JsonDocumentFetcher(SHORT_TIMEOUT, true);

    @BeforeAll
    static void startProvider() throws Exception {
        provider = JwksServer.start();
    }

    @AfterAll
    static void stopProvider() throws Exception {
        provider.close();
    }

    private Answer answer(String path, Answer answer) {
        provider.serve(path, answer);
        return answer;
    }

    private JsonDocumentFetcher.Document fetch(String path) throws IOException {
        return fetcher.fetch(URI.create(provider.url(path)));
    }

    private IOException failure(String path) {
        return assertThrows(IOException.class, () -> fetch(path));
    }

    // --- Cache-Control ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-age=60|60",
        "public, max-age=300, must-revalidate|300",
        "MAX-AGE=5|5",
        "max-age = \"30\"|30",
        "s-maxage=100, max-age=20|20",
        "max-age=0|0",
        "no-store|0",
        "no-cache|0",
        "max-age=600, no-store|0",
        "private, No-Cache, max-age=600|0"})
    void maxAgeIsReadFromCacheControlAndNoStoreOrNoCacheMeanZero(String header, long seconds) {
        assertEquals(OptionalLong.of(seconds), JsonDocumentFetcher.maxAge(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "public", "s-maxage=100", "max-age=", "max-age=abc", "x-max-age=5",
        "must-revalidate"})
    void cacheControlWithoutAMaxAgeSaysNothing(String header) {
        assertEquals(OptionalLong.empty(), JsonDocumentFetcher.maxAge(header));
    }

    @Test
    void theMaxAgeOfAFetchedDocumentIsReported() throws IOException {
        answer("/cached", Answer.json("{}").withHeader("Cache-Control", "public, max-age=120"));
        answer("/uncached", Answer.json("{}"));
        answer("/no-store", Answer.json("{}").withHeader("Cache-Control", "no-store"));

        assertEquals(OptionalLong.of(120), fetch("/cached").maxAgeSeconds());
        assertEquals(OptionalLong.empty(), fetch("/uncached").maxAgeSeconds());
        assertEquals(OptionalLong.of(0), fetch("/no-store").maxAgeSeconds());
    }

    // --- size limit ---

    @Test
    void aDocumentOfExactlyTheLimitIsReadWhetherItsLengthIsDeclaredOrChunked() throws IOException {
        Answer limit = answer("/limit", Answer.jsonOfSize(JsonDocumentFetcher.MAX_BYTES));
        answer("/limit-chunked", limit.chunked());

        assertEquals(JsonDocumentFetcher.MAX_BYTES, fetch("/limit").body().length);
        assertEquals(JsonDocumentFetcher.MAX_BYTES, fetch("/limit-chunked").body().length);
    }

    @Test
    void aDocumentOverTheLimitIsRefusedWithAContentLength() throws Exception {
        answer("/big", Answer.jsonOfSize(JsonDocumentFetcher.MAX_BYTES + 1));
        assertTrue(declaredLength("/big").isPresent(), "the provider declares the length");

        IOException e = failure("/big");
        assertTrue(e.getMessage().contains("larger than " + JsonDocumentFetcher.MAX_BYTES), e.getMessage());
    }

    @Test
    void aDocumentOverTheLimitIsRefusedWhenChunked() throws Exception {
        answer("/big-chunked", Answer.jsonOfSize(4 * JsonDocumentFetcher.MAX_BYTES).chunked());
        assertFalse(declaredLength("/big-chunked").isPresent(), "the provider sends chunks");

        IOException e = failure("/big-chunked");
        assertTrue(e.getMessage().contains("larger than " + JsonDocumentFetcher.MAX_BYTES), e.getMessage());
    }

    /** The Content-Length the provider sends for {@code path}, seen by a plain client. */
    private static OptionalLong declaredLength(String path) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(provider.url(path))).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValueAsLong("Content-Length");
    }

    // --- status ---

    @Test
    void aDocumentIsReturnedAsSentOnlyWith200() throws IOException {
        answer("/ok", Answer.json("{\"keys\":[]}"));
        assertArrayEquals("{\"keys\":[]}".getBytes(StandardCharsets.UTF_8), fetch("/ok").body());
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 304, 400, 401, 403, 404, 429, 500, 502, 503})
    void anyStatusOtherThan200IsAFailureNamingTheStatus(int status) {
        answer("/status-" + status, Answer.status(status));

        IOException e = failure("/status-" + status);
        assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
        assertFalse(e.getMessage().contains("provider"), "the body stays out of the message: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowed(int status) {
        answer("/moved-" + status, Answer.status(status).withHeader("Location", "/target-" + status));
        answer("/target-" + status, Answer.json("{\"keys\":[]}"));

        IOException e = failure("/moved-" + status);
        assertTrue(e.getMessage().contains("HTTP " + status + " (redirects are not followed)"), e.getMessage());
        assertEquals(0, provider.requests("/target-" + status));
    }

    // --- deadlines ---

    @Test
    void aProviderThatDoesNotAnswerIsAbandonedAtTheTimeOut() {
        answer("/stalled", Answer.json("{}").delayedBy(Duration.ofSeconds(10)));

        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> impatient.fetch(URI.create(provider.url("/stalled"))));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed >= 900 && elapsed < 2500, "abandoned after " + elapsed + " ms");
        assertTrue(e.getMessage().contains("within 1000 ms") || e.getMessage().contains("timed out"),
                e.getMessage());
    }

    @Test
    void aBodyThatTricklesPastTheTimeOutIsAbandonedAtTheTimeOut() {
        // Headers at once, then a chunk every 300 ms: each read is quick, the whole is not.
        answer("/trickle", Answer.jsonOfSize(100).trickling(10, Duration.ofMillis(300)));

        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> impatient.fetch(URI.create(provider.url("/trickle"))));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed >= 900 && elapsed < 2500, "abandoned after " + elapsed + " ms");
        assertTrue(e.getMessage().contains("did not answer within 1000 ms"), e.getMessage());
    }

    @Test
    void aRefusedConnectionIsAFailure() throws Exception {
        try (JwksServer gone = JwksServer.start()) {
            String url = gone.url("/jwks");
            gone.stop();
            assertThrows(IOException.class, () -> fetcher.fetch(URI.create(url)));
        }
    }

    // --- allowed addresses ---

    @ParameterizedTest
    @ValueSource(strings = {"https://idp.example/jwks", "https://127.0.0.1/jwks"})
    void httpsIsAlwaysAllowed(String url) {
        assertDoesNotThrow(() -> JsonDocumentFetcher.requireAllowed(URI.create(url), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/jwks", "http://localhost/jwks", "http://[::1]/jwks",
        "http://127.0.0.2/jwks"})
    void plainHttpIsAllowedToLoopbackOnlyWhenAsked(String url) {
        assertDoesNotThrow(() -> JsonDocumentFetcher.requireAllowed(URI.create(url), true));
        assertThrows(IllegalArgumentException.class,
                () -> JsonDocumentFetcher.requireAllowed(URI.create(url), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://idp.example/jwks", "http://192.0.2.10/jwks", "http://10.0.0.1/jwks",
        "http://localhost.example/jwks", "ftp://127.0.0.1/jwks", "file:/etc/jwks.json",
        "https:/no-host", "HTTP://idp.example/jwks"})
    void anythingElseIsRefusedEvenWhenLoopbackHttpIsAllowed(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonDocumentFetcher.requireAllowed(URI.create(url), true));
        assertTrue(e.getMessage().contains("https") || e.getMessage().contains("no host"), e.getMessage());
    }

    @Test
    void aFetchChecksTheAddressBeforeConnecting() {
        JsonDocumentFetcher strict = new JsonDocumentFetcher(SHORT_TIMEOUT, false);
        int before = provider.requests();

        assertThrows(IllegalArgumentException.class, () -> strict.fetch(URI.create(provider.url("/ok"))));
        assertEquals(before, provider.requests());
    }
}
