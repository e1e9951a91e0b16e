package dev.perimeter.jwt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request over a plain socket bound to a chosen local address, so that a test can
 * appear as several clients: every 127.x.y.z address reaches the loopback interface on Linux.
 * (The JDK's HttpClient cannot choose its local address before Java 19.)
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
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(socket.getInputStream());
            // "HTTP/1.1 200 OK"
            return Integer.parseInt(response.substring(9, 12));
        }
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
