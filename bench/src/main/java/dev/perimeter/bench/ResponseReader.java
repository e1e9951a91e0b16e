package dev.perimeter.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Locale;

/**
 * Reads the HTTP/1.1 responses of one load-generating connection: each with a
 * {@code Content-Length} body (the only kind the bench's endpoints and the filter send), skipped.
 */
final class ResponseReader {

    private final InputStream in;
    private boolean closeRequested;

    ResponseReader(Socket socket) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /** Reads one response; answers its status. */
    int read() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean close = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        in.skipNBytes(length);
        closeRequested = close;
        return status;
    }

    /** Whether the last response said {@code Connection: close}. */
    boolean closeRequested() {
        return closeRequested;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
