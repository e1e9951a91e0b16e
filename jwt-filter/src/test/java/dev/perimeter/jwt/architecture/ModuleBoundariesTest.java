package dev.perimeter.jwt.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No other module's code reaches into {@code dev.perimeter.jwt.internal}: those classes may
 * change in any release, so what another module needs belongs in a package meant for it.
 */
class ModuleBoundariesTest {

    /** The repository root: the parent of this module's directory, where Maven runs the test. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noOtherModuleImportsTheInternalPackage() throws IOException {
        List<Path> otherModules;
        try (Stream<Path> children = Files.list(ROOT)) {
            otherModules = children.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .filter(dir -> !dir.getFileName().toString().equals("jwt-filter"))
                    .collect(Collectors.toList());
        }
        assertTrue(otherModules.size() >= 5, "found the sibling modules: " + otherModules);
        List<String> offenders;
        try (Stream<Path> files = otherModules.stream().flatMap(ModuleBoundariesTest::javaFiles)) {
            offenders = files.filter(ModuleBoundariesTest::importsInternal)
                    .map(file -> ROOT.relativize(file).toString()).sorted()
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders, "these import dev.perimeter.jwt.internal");
    }

    private static Stream<Path> javaFiles(Path module) {
        Path src = module.resolve("src");
        if (!Files.isDirectory(src)) {
            return Stream.empty();
        }
        try {
            return Files.walk(src).filter(file -> file.toString().endsWith(".java"))
                    .collect(Collectors.toList()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean importsInternal(Path file) {
        try {
            return Files.readString(file).contains("dev.perimeter.jwt.internal.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
