package dev.perimeter.jwt.csrf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsrfPolicyTest {

    private static final CsrfPolicy DOUBLE_SUBMIT = new CsrfPolicy(CsrfMode.DOUBLE_SUBMIT);
    private static final CsrfPolicy ORIGIN = new CsrfPolicy(CsrfMode.ORIGIN);

    /** A request to https://app.example:8443 unless changed. */
    private static final class Request implements CsrfRequest {
        String method = "POST";
        final Map<String, String> headers = new HashMap<>();
        List<String> xsrfCookies = List.of();
        String scheme = "https";
        String host = "app.example";
        int port = 8443;

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request cookies(String... values) {
            xsrfCookies = List.of(values);
            return this;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public List<String> cookieValues(String name) {
            return CsrfPolicy.COOKIE.equals(name) ? xsrfCookies : List.of();
        }

        @Override
        public String scheme() {
            return scheme;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int port() {
            return port;
        }
    }

    @Test
    void safeMethodsNeedNoProof() {
        for (String method : List.of("GET", "HEAD", "OPTIONS", "TRACE")) {
            Request request = new Request();
            request.method = method;
            assertTrue(DOUBLE_SUBMIT.passes(request), method);
            assertTrue(ORIGIN.passes(request), method);
        }
    }

    @Test
    void offLetsAnUnsafeMethodThroughWithoutProof() {
        assertTrue(new CsrfPolicy(CsrfMode.OFF).passes(new Request()));
    }

    @Test
    void doubleSubmitPassesWhenTheHeaderEqualsTheOneCookie() {
        assertTrue(DOUBLE_SUBMIT.passes(new Request().header(CsrfPolicy.HEADER, "abc").cookies("abc")));
    }

    @Test
    void doubleSubmitRefusesAMismatchAMissingSideAnEmptyHeaderAndTwoCookies() {
        assertFalse(DOUBLE_SUBMIT.passes(new Request().header(CsrfPolicy.HEADER, "abc").cookies("abd")));
        assertFalse(DOUBLE_SUBMIT.passes(new Request().header(CsrfPolicy.HEADER, "abc")));
        assertFalse(DOUBLE_SUBMIT.passes(new Request().cookies("abc")));
        assertFalse(DOUBLE_SUBMIT.passes(new Request().header(CsrfPolicy.HEADER, "").cookies("")));
        assertFalse(DOUBLE_SUBMIT.passes(
                new Request().header(CsrfPolicy.HEADER, "abc").cookies("abc", "planted")));
    }

    @Test
    void originPassesForThisServersSchemeHostAndPort() {
        assertTrue(ORIGIN.passes(new Request().header("Origin", "https://APP.example:8443")));
    }

    @Test
    void originRefusesAnotherSchemeHostOrPortAndNoSourceAtAll() {
        assertFalse(ORIGIN.passes(new Request().header("Origin", "http://app.example:8443")));
        assertFalse(ORIGIN.passes(new Request().header("Origin", "https://evil.example:8443")));
        assertFalse(ORIGIN.passes(new Request().header("Origin", "https://app.example")));
        assertFalse(ORIGIN.passes(new Request().header("Origin", "https://app.example.evil:8443")));
        assertFalse(ORIGIN.passes(new Request()));
        assertFalse(ORIGIN.passes(new Request().header("Origin", "not a uri")));
    }

    @Test
    void originFallsBackToTheRefererWhenTheOriginIsNull() {
        assertTrue(ORIGIN.passes(new Request().header("Origin", "null")
                .header("Referer", "https://app.example:8443/page?x=1")));
        assertFalse(ORIGIN.passes(new Request().header("Origin", "null")));
    }

    @Test
    void originTakesTheSchemesDefaultPortWhenTheUrlNamesNone() {
        Request request = new Request().header("Origin", "https://app.example");
        request.port = 443;
        assertTrue(ORIGIN.passes(request));
        request.port = -1; // a JAX-RS request URI without a port
        assertTrue(ORIGIN.passes(request));
    }
}
