package dev.perimeter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The run's directories under target/mp-load/run/. */
final class MpLoadFiles {

    private MpLoadFiles() {
    }

    /** Deletes {@code dir} with its content if present, and makes it again, empty. */
    static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
