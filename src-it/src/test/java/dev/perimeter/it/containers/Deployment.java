package dev.perimeter.it.containers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One application of a node that holds several (the example once per mode): the node's answers,
 * at the application's context path. Closing it leaves the node running; whoever started the
 * node stops it.
 */
public final class Deployment implements RunningNode {

    private final RunningNode node;
    private final String name;
    private final URI root;

    private Deployment(RunningNode node, String name, URI root) {
        this.node = node;
        this.name = name;
        this.root = root;
    }

    /** The application of {@code node} at {@code contextPath} (such as {@code /container-mode}), named {@code name}. */
    public static Deployment of(RunningNode node, String contextPath, String name) {
        if (!contextPath.startsWith("/") || contextPath.endsWith("/")) {
            throw new IllegalArgumentException("a context path such as /app: " + contextPath);
        }
        return new Deployment(node, name, node.root().resolve(contextPath.substring(1) + "/"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI root() {
        return root;
    }

    @Override
    public Path directory() {
        return node.directory();
    }

    @Override
    public Duration startup() {
        return node.startup();
    }

    @Override
    public long pid() {
        return node.pid();
    }

    @Override
    public String logTail() {
        return node.logTail();
    }

    /** Leaves the node running. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name + " at " + root + " on " + node;
    }
}
