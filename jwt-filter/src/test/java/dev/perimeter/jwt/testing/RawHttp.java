package dev.perimeter.jwt.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, where a test needs what the JDK's HttpClient does not give: a
 * chosen local address, so that a test can appear as several clients (every 127.x.y.z address
 * reaches the loopback interface on Linux; HttpClient cannot choose one before Java 19), or
 * several requests on one connection for certain.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * GET {@code path} on {@code 127.0.0.1:port} from {@code localAddress}, with
     * {@code Authorization: Bearer token}; answers the status code.
     */
    public static int getFrom(String localAddress, int port, String path, String token)
            throws IOException {
        // "HTTP/1.1 200 OK"
        return Integer.parseInt(exchangeFrom(localAddress, port, path, token).substring(9, 12));
    }

    /** As {@link #getFrom}, answering the whole response: status line, headers and body. */
    public static String exchangeFrom(String localAddress, int port, String path, String token)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    /**
     * GETs {@code path} on {@code 127.0.0.1:port} once per token, in order, all on one kept-alive
     * connection, each with {@code Authorization: Bearer token}; answers the status codes.
     */
    public static List<Integer> getOnOneConnection(int port, String path, List<String> tokens)
            throws IOException {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            for (String token : tokens) {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                statuses.add(Integer.parseInt(in.readLine().split(" ")[1]));
                skipHeadersAndBody(in);
            }
        }
        return statuses;
    }

    private static void skipHeadersAndBody(BufferedReader in) throws IOException {
        long length = 0;
        boolean chunked = false;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (line.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                chunked = line.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
        }
        if (!chunked) {
            skip(in, length);
            return;
        }
        for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
            skip(in, size + 2); // the chunk and its CRLF
        }
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // trailer fields, then the empty line
        }
    }

    private static long chunkSize(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the response ended inside a chunked body");
        }
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static void skip(BufferedReader in, long count) throws IOException {
        long skipped = 0;
        while (skipped < count) {
            long n = in.skip(count - skipped);
            if (n <= 0) {
                throw new IOException("the response body ended early");
            }
            skipped += n;
        }
    }

    /**
     * {@code token} with the case of one letter of its signature changed, for each of the first
     * {@code count} letters there: tokens a container must not confuse with the original.
     */
    public static List<String> signatureCaseFlips(String token, int count) {
        List<String> flips = new ArrayList<>();
        for (int i = token.lastIndexOf('.') + 1; i < token.length() && flips.size() < count; i++) {
            char c = token.charAt(i);
            if (Character.isLetter(c)) {
                char other = Character.isUpperCase(c) ? Character.toLowerCase(c)
                        : Character.toUpperCase(c);
                flips.add(token.substring(0, i) + other + token.substring(i + 1));
            }
        }
        return flips;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
