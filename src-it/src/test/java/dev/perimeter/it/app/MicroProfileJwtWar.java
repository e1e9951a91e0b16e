package dev.perimeter.it.app;

import dev.perimeter.it.mpjwt.EchoApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The MP-JWT application of {@link dev.perimeter.it.mpjwt} as a WAR, built as a MicroProfile
 * project would build it: the package's classes in {@code WEB-INF/classes}, a
 * {@code beans.xml} ({@link #BEANS_XML}), {@code WEB-INF/classes/META-INF/microprofile-config.properties} with
 * {@code mp.jwt.verify.publickey.location=/publicKey.pem} (the class path's root, where the PEM
 * goes) and {@code mp.jwt.verify.issuer}, a static {@link #READY_FILE} to poll, and the jars
 * given in {@code WEB-INF/lib}.
 */
public final class MicroProfileJwtWar {

    /** A static file at the WAR's root: 200 once the server serves the application. */
    public static final String READY_FILE = "health";

    /** The resource of {@link dev.perimeter.it.mpjwt.EchoResource}, under the application path. */
    public static final String ECHO_PATH = "/api/echo";

    /** Its {@code @PermitAll} method. */
    public static final String OPEN_PATH = "/api/echo/open";

    /**
     * Discovery {@code all}: Payara 6 switches its MicroProfile JWT on only when CDI discovers the
     * {@code @LoginConfig} class, and a plain JAX-RS {@code Application} has no bean-defining
     * annotation. With {@code annotated} (or no beans.xml) Payara deploys without MP-JWT and
     * fails on the first {@code @Claim} injection point (WELD-001408), with or without
     * jwt-microprofile in the WAR. jwt-microprofile finds the annotation by {@code @HandlesTypes}
     * either way.
     */
    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="all"/>
            """;

    private MicroProfileJwtWar() {
    }

    /**
     * Writes the WAR to {@code file}, trusting {@code publicKeyPem} for tokens of {@code issuer},
     * with {@code libraries} (jars, or a module's {@code target/classes}, packed as a jar) in
     * {@code WEB-INF/lib}.
     */
    public static Path write(Path file, String publicKeyPem, String issuer, List<Path> libraries) {
        String config = "mp.jwt.verify.publickey.location=/publicKey.pem\n"
                + "mp.jwt.verify.issuer=" + issuer + "\n";
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream war = new ZipOutputStream(out)) {
                entry(war, "WEB-INF/beans.xml", BEANS_XML.getBytes(StandardCharsets.UTF_8));
                entry(war, "WEB-INF/classes/META-INF/microprofile-config.properties",
                        config.getBytes(StandardCharsets.UTF_8));
                entry(war, "WEB-INF/classes/publicKey.pem", publicKeyPem.getBytes(StandardCharsets.US_ASCII));
                entry(war, READY_FILE, "ready\n".getBytes(StandardCharsets.UTF_8));
                Path classes = classesRoot();
                for (Path compiled : applicationClasses(classes)) {
                    entry(war, "WEB-INF/classes/" + classes.relativize(compiled).toString().replace('\\', '/'),
                            Files.readAllBytes(compiled));
                }
                for (Path library : libraries) {
                    entry(war, "WEB-INF/lib/" + jarName(library), Files.isDirectory(library)
                            ? packed(library) : Files.readAllBytes(library));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Every class of the application's package (and nothing else of the tests). */
    private static List<Path> applicationClasses(Path classes) throws IOException {
        Path application = classes.resolve(EchoApplication.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(application)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no classes in " + application);
            }
            return found;
        }
    }

    private static Path classesRoot() {
        try {
            return Path.of(EchoApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the test classes' location", e);
        }
    }

    /** {@code jwt-microprofile.jar} for {@code …/jwt-microprofile/target/classes}. */
    private static String jarName(Path library) {
        if (!Files.isDirectory(library)) {
            return library.getFileName().toString();
        }
        Path module = library.getParent() == null ? null : library.getParent().getParent();
        return (module == null ? library.getFileName() : module.getFileName()) + ".jar";
    }

    /** A directory of classes and resources as the bytes of a jar. */
    private static byte[] packed(Path directory) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                entry(jar, directory.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
