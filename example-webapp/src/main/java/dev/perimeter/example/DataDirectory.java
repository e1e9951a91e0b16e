package dev.perimeter.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The data directory: the generated signing key, the JWKS file the filter reads and, by default,
 * the H2 database. The directory and every file written here are readable by their owner only
 * (on file systems with POSIX permissions); files are replaced atomically, so a crash never
 * leaves half a key.
 */
public final class DataDirectory {

    private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path root;
    private final boolean posix;

    private DataDirectory(Path root) {
        this.root = root;
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates the directory (owner-only) when absent; an existing one that others may read is
     * restricted to its owner, with a warning.
     *
     * @throws SettingException naming {@code data-dir} when it cannot be used
     */
    public static DataDirectory prepare(Path root) {
        DataDirectory directory = new DataDirectory(root);
        try {
            if (!Files.isDirectory(root)) {
                if (root.getParent() != null) {
                    Files.createDirectories(root.getParent());
                }
                try {
                    if (directory.posix) {
                        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
                    } else {
                        Files.createDirectory(root);
                    }
                    LOG.info("Perimeter example: created the data directory " + root);
                } catch (FileAlreadyExistsException e) {
                    // created meanwhile; checked below
                }
            }
            directory.restrictToOwner(root, OWNER_DIRECTORY);
            if (!Files.isWritable(root)) {
                throw new SettingException(ExampleSettings.DATA_DIR, root + " is not writable");
            }
        } catch (IOException e) {
            throw new SettingException(ExampleSettings.DATA_DIR, "cannot create " + root + ": " + e);
        }
        return directory;
    }

    /** The directory, absolute. */
    public Path root() {
        return root;
    }

    /** A file in the directory. */
    public Path file(String name) {
        return root.resolve(name);
    }

    /** The file's text, or empty when it does not exist; a file others may read is restricted. */
    public Optional<String> read(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            restrictToOwner(file, OWNER_FILE);
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Replaces the file atomically with {@code text}, readable by the owner only. */
    public void write(String name, String text) {
        Path target = file(name);
        try {
            Path temporary = posix
                    ? Files.createTempFile(root, name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                    : Files.createTempFile(root, name, ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Deletes the file if it exists. */
    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(name), e);
        }
    }

    private void restrictToOwner(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (!posix) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (current.stream().anyMatch(OTHERS::contains)) {
            Files.setPosixFilePermissions(path, permissions);
            LOG.warning("Perimeter example: " + path + " was readable by others; it is now "
                    + PosixFilePermissions.toString(permissions));
        }
    }
}
