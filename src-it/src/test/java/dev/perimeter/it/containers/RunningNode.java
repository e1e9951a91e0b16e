package dev.perimeter.it.containers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A container running the example, ready, on a loopback port of its own. */
public interface RunningNode extends AutoCloseable {

    /** Names the container and its version, such as {@code tomcat-11.0.24}, for summaries. */
    String name();

    /** The example's root, such as {@code http://127.0.0.1:41234/}. */
    URI root();

    /** The directory that holds this node's configuration, data and logs. */
    Path directory();

    /** How long the container took from its start to its first 200 on {@link Readiness#PATH}. */
    Duration startup();

    /** The process id of the container's JVM (or of its start script). */
    long pid();

    /** The tail of the container's console log, for failure messages. */
    String logTail();

    /** Stops the container; see {@link ContainerProcess#close()}. */
    @Override
    void close();
}
