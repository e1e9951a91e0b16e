package dev.perimeter.it.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1. */
public final class LoopbackPorts {

    /** The address every container here binds. */
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * A port that was free on the loopback address a moment ago. Another process could take it
     * before the container binds it; the container's start then fails and says so in its log.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }
}
