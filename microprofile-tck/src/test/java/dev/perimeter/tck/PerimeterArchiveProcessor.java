package dev.perimeter.tck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Makes a TCK WAR a Perimeter application on plain Tomcat: {@code WEB-INF/lib} gets every jar of
 * {@code tck.war.lib} (jwt-microprofile and what it needs, MP Config with SmallRye Config, Weld,
 * Jersey, Parsson; the build copies them there), and the TCK's
 * {@code META-INF/microprofile-config.properties}, which a WAR does not have on its class path,
 * is copied to {@code WEB-INF/classes/META-INF}, where MicroProfile Config reads it.
 */
public final class PerimeterArchiveProcessor implements ApplicationArchiveProcessor {

    static final String CONFIG = "META-INF/microprofile-config.properties";

    private static final List<File> LIBRARIES = libraries(Path.of(TckSettings.required("tck.war.lib")));

    @Override
    public void process(Archive<?> archive, TestClass testClass) {
        if (!(archive instanceof WebArchive)) {
            return;
        }
        WebArchive war = (WebArchive) archive;
        war.addAsLibraries(LIBRARIES.toArray(File[]::new));
        Node config = war.get("/" + CONFIG);
        if (config != null && config.getAsset() != null) {
            war.addAsResource(config.getAsset(), CONFIG);
        }
    }

    private static List<File> libraries(Path directory) {
        try (Stream<Path> jars = Files.list(directory)) {
            List<File> found = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().map(Path::toFile).toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no jars in " + directory + " (mvn process-test-classes copies them)");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
