package dev.perimeter.it.support;

/** A test class that runs scenarios against one container (or one group of nodes). */
public interface ContainerUnderTest {

    /** The name in the summary, such as {@code tomcat-11.0.24} or {@code tomcat-11.0.24 x2 redis}. */
    String containerName();
}
