package dev.perimeter.jwt.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.LogRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the container has its own MicroProfile JWT, the extension registers nothing and says so
 * once. The container's implementation is a class compiled here under SmallRye JWT's extension
 * name, seen only through the class loader the test hands over, as a server's would be.
 */
class StandingDownInjectionTest {

    private static final String SMALLRYE = "io.smallrye.jwt.auth.cdi.SmallRyeJWTAuthCDIExtension";

    @TempDir
    Path classes;

    @ApplicationScoped
    public static class LooksForTheToken {
        @Inject
        Instance<JsonWebToken> token;

        boolean resolvable() {
            return token.isResolvable();
        }
    }

    @Test
    void aKnownImplementationIsFoundOnlyWhereItLoads() throws Exception {
        try (URLClassLoader container = containerWith(SMALLRYE)) {
            assertTrue(ContainerMicroProfileJwt.present(container));
            assertEquals(Optional.of(SMALLRYE), ContainerMicroProfileJwt.implementation(container));
        }
        assertFalse(ContainerMicroProfileJwt.present(getClass().getClassLoader()));
    }

    @Test
    void theExtensionRegistersNothingAndLogsOneLineWhenTheContainerHasItsOwn() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader container = containerWith(SMALLRYE);
                LogRecorder log = LogRecorder.of(MicroProfileJwtExtension.class)) {
            thread.setContextClassLoader(container);
            MicroProfileJwtExtension extension = new MicroProfileJwtExtension();
            WeldContainer weld = WeldInitiator.createWeld().addExtension(extension)
                    .addBeanClasses(LooksForTheToken.class).initialize();
            try {
                assertTrue(extension.standingDown());
                assertFalse(weld.select(LooksForTheToken.class).get().resolvable());
                List<String> lines = log.messages(Level.INFO);
                assertEquals(1, lines.size(), lines.toString());
                assertTrue(lines.get(0).contains(SMALLRYE), lines.get(0));
            } finally {
                weld.shutdown();
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void withoutOneTheExtensionRegistersTheToken() {
        MicroProfileJwtExtension extension = new MicroProfileJwtExtension();
        WeldContainer weld = WeldInitiator.createWeld().addExtension(extension)
                .addBeanClasses(LooksForTheToken.class).initialize();
        try {
            assertFalse(extension.standingDown());
            assertTrue(weld.select(LooksForTheToken.class).get().resolvable());
        } finally {
            weld.shutdown();
        }
    }

    /** A class loader over the test's with one more class, {@code className}, compiled now. */
    private URLClassLoader containerWith(String className) throws IOException {
        int dot = className.lastIndexOf('.');
        Path source = classes.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package " + className.substring(0, dot) + ";\npublic class "
                + className.substring(dot + 1) + " {}\n");
        Path out = Files.createDirectories(classes.resolve("out"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, compiler.run(null, null, null, "-d", out.toString(), source.toString()));
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
    }
}
