package dev.perimeter.example;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 as raw bytes on a socket, for requests the JDK's client will not send: a backslash
 * in the path, a broken chunked body, or a body that stops half way while the test waits for the
 * answer.
 */
final class RawHttp1 {

    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp1() {
    }

    /** Sends {@code head} (request line and headers, CRLF-terminated) and {@code body}; reads to the end. */
    static String exchange(URI root, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    /**
     * Sends {@code head} and {@code partOfBody}, then, without sending more, reads the answer.
     * The answer's status line, or null when the server waited for more body instead of
     * answering within the time-out.
     */
    static String answerBeforeTheRest(URI root, String head, byte[] partOfBody) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(partOfBody);
            out.flush();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                return null;
            }
            return line.toString(StandardCharsets.ISO_8859_1).trim();
        }
    }

    /** The status code of a response text. */
    static int status(String response) {
        return Integer.parseInt(response.split(" ", 3)[1]);
    }

    /** A body in one chunk of chunked transfer coding, not terminated. */
    static byte[] chunk(byte[] data) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.writeBytes(data);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunk.toByteArray();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived is the answer; a server may reset after it
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
