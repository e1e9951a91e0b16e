package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Oversized and odd HTTP input, written as raw bytes to Jetty because the JDK client refuses to
 * send most of it. Each request is answered by the container (400, 431) or by the filter (401)
 * per the error contract; never a 500, and the servlet is never reached.
 */
class OddHttpInputTest {

    private static final Set<Integer> CONTRACT = Set.of(400, 401, 431);
    private static JettyHarness jetty;
    private static String valid;

    @BeforeAll
    static void start() throws Exception {
        jetty = JettyHarness.withInitParameters(Map.of("issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE, "algorithms", "HS256",
                "secret", TestKeys.SECRET_256));
        valid = TestTokens.hs256(TestTokens.header("HS256", null),
                TestTokens.claims("odd", Instant.now(), "user"), TestKeys.utf8(TestKeys.SECRET_256));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void theRawSocketPathAdmitsAValidTokenSoTheRefusalsBelowMeanSomething() throws Exception {
        assertEquals(200, status(request("Authorization: Bearer " + valid + "\r\n")));
    }

    @Test
    void oddInputIsRefusedPerTheContractWithoutReachingTheServlet() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("64 KiB Authorization header",
                request("Authorization: Bearer " + "A".repeat(64 * 1024) + "\r\n"));
        StringBuilder cookies = new StringBuilder("Cookie: ");
        for (int i = 0; i < 100; i++) {
            cookies.append(i == 0 ? "" : "; ").append("c").append(i).append('=').append(valid, 0, 20);
        }
        cases.put("100 cookies, no bearer", request(cookies + "\r\n"));
        cases.put("100 cookies and a forged bearer", request(cookies + "\r\nAuthorization: Bearer "
                + TestTokens.withSignature(valid, "AAAA") + "\r\n"));
        cases.put("non-ASCII (UTF-8) in the token", bytes("Authorization: Bearer "
                + valid.substring(0, 10) + "é" + valid.substring(10) + "\r\n", true));
        cases.put("Latin-1 byte in the token", latin1("Authorization: Bearer "
                + valid.substring(0, 10) + "\u00ff" + valid.substring(11) + "\r\n"));
        for (char control : new char[] {0, 1, 8, 0x1b, 0x7f}) {
            cases.put("control character " + (int) control + " in the token",
                    latin1("Authorization: Bearer " + valid.substring(0, 12) + control
                            + valid.substring(12) + "\r\n"));
        }
        cases.put("obs-fold: the token continued on the next line",
                request("Authorization: Bearer " + valid.substring(0, 30) + "\r\n "
                        + valid.substring(30) + "\r\n"));
        cases.put("obs-fold: a valid token after a folded line",
                request("Authorization: Bearer\r\n\t" + valid + "\r\n"));
        cases.put("two Authorization headers", request("Authorization: Bearer " + valid
                + "\r\nAuthorization: Bearer " + valid + "\r\n"));
        cases.put("bare LF line ends, forged token", latin1("Authorization: Bearer "
                + TestTokens.withSignature(valid, "AAAA") + "\n"));
        cases.put("CR inside the value", latin1("Authorization: Bearer " + valid.substring(0, 5)
                + "\r" + valid.substring(5) + "\r\n"));

        int before = jetty.servletCalls();
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            int status = status(c.getValue());
            report.append(c.getKey()).append('=').append(status).append("; ");
            assertTrue(CONTRACT.contains(status), c.getKey() + " answered " + status);
        }
        System.out.println("odd-input: cases=" + cases.size() + " servlet-reached="
                + (jetty.servletCalls() - before) + " " + report);
        assertEquals(before, jetty.servletCalls(), "the servlet was reached: " + report);
    }

    private static byte[] request(String headers) {
        return bytes(headers, false);
    }

    private static byte[] latin1(String headers) {
        return ("GET /api/odd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String headers, boolean utf8) {
        return ("GET /api/odd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                + "\r\n").getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
    }

    /** The status code Jetty answers to {@code raw}, read from its status line. */
    private static int status(byte[] raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", jetty.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(raw);
                out.flush();
            } catch (SocketException e) {
                // Jetty may answer 431 and close before it has read a large request entirely.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            String statusLine = line.toString(StandardCharsets.ISO_8859_1);
            assertTrue(statusLine.startsWith("HTTP/1.1 "), "no status line: " + statusLine);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
