package dev.perimeter.it.containers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A started container: what every kind of node answers the same way. */
abstract class ContainerNode implements RunningNode {

    private final String name;
    private final URI root;
    private final Path directory;
    private final ContainerProcess process;
    private final Duration startup;

    ContainerNode(String name, URI root, Path directory, ContainerProcess process,
            Duration startup) {
        this.name = name;
        this.root = root;
        this.directory = directory;
        this.process = process;
        this.startup = startup;
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
        return directory;
    }

    @Override
    public Duration startup() {
        return startup;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name + " at " + root + " (" + directory + ")";
    }
}
