package dev.perimeter.jwt.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the public surface of jwt-filter: every public type, nested ones included, by its name,
 * against {@code public-types.txt}. A type that becomes public, or stops being, fails this test
 * until the list is changed with it, so the surface grows only on purpose (and a reviewer sees
 * it in the diff).
 */
class PublicTypesTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void thePublicTypesAreExactlyThePinnedOnes() throws Exception {
        List<String> actual = publicTypes();
        assertTrue(actual.size() > 20, "found the compiled classes: " + actual.size());
        List<String> pinned = pinned();
        assertEquals(String.join("\n", pinned), String.join("\n", actual),
                "the public types changed: update src/test/resources/public-types.txt with them"
                        + " if that is intended");
    }

    private static List<String> publicTypes() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.map(CLASSES::relativize).map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - 6).replace('/', '.'))
                    .map(PublicTypesTest::load).filter(Objects::nonNull)
                    .filter(PublicTypesTest::isPublicAllTheWay)
                    .map(Class::getName).sorted().collect(Collectors.toList());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicTypesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Public, and so is every type it is nested in; anonymous and local classes never are. */
    private static boolean isPublicAllTheWay(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> pinned() throws IOException {
        try (InputStream in = PublicTypesTest.class.getResourceAsStream("/public-types.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .sorted().collect(Collectors.toList());
        }
    }
}
