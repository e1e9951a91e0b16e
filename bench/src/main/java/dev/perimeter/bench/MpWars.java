package dev.perimeter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * MicroProfileLoad's two WARs of one MP-JWT application ({@code dev.perimeter.bench.mp.app}), with {@code META-INF/microprofile-config.properties} naming the
 * fixture's public key, issuer and audience: the Payara WAR carries nothing else (Payara has
 * MP-JWT, CDI and JAX-RS), the Tomcat WAR also carries {@code tomcat-war-lib/}'s jars
 * (jwt-microprofile and its dependencies, the MP-JWT API, Weld servlet, Jersey, Parsson).
 * Written per run, because the fixture's key is made per JVM.
 */
final class MpWars {

    /** The public key's place in the WAR, as the config names it: a class-path resource. */
    static final String KEY_RESOURCE = "publicKey.pem";

    /** By name: the bench JVM has none of the APIs they need, so it must never load them. */
    private static final List<String> APPLICATION = List.of(
            "dev.perimeter.bench.mp.app.MpApplication", "dev.perimeter.bench.mp.app.HelloResource");

    /**
     * {@code all}: Payara's MP-JWT finds {@code @LoginConfig} among the discovered types, and the
     * Application class has no bean-defining annotation.
     */
    private static final String BEANS_XML = "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
            + " version=\"4.0\" bean-discovery-mode=\"all\"/>\n";

    private MpWars() {
    }

    /** The WAR for Payara's own MP-JWT: the application, its config and key. */
    static Path payara(Fixtures fixtures, Path war) {
        return write(war, fixtures, null);
    }

    /** The WAR for Tomcat: the same, plus every jar of {@code libraries}. */
    static Path tomcat(Fixtures fixtures, Path libraries, Path war) {
        if (!Files.isDirectory(libraries)) {
            throw new IllegalStateException(libraries + " is missing: build with"
                    + " mvn -pl bench -am package -DskipTests -Pmp-load");
        }
        return write(war, fixtures, libraries);
    }

    /** The config both runtimes read: the spec's three keys, nothing vendor-specific. */
    static String config() {
        return "mp.jwt.verify.publickey.location=" + KEY_RESOURCE + "\n"
                + "mp.jwt.verify.issuer=" + Fixtures.ISSUER + "\n"
                + "mp.jwt.verify.audiences=" + Fixtures.AUDIENCE + "\n";
    }

    private static Path write(Path war, Fixtures fixtures, Path libraries) {
        try {
            Files.createDirectories(war.getParent());
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
                for (String type : APPLICATION) {
                    String name = type.replace('.', '/') + ".class";
                    try (InputStream in = MpWars.class.getClassLoader().getResourceAsStream(name)) {
                        if (in == null) {
                            throw new IllegalStateException("no " + name + " on the class path");
                        }
                        put(zip, "WEB-INF/classes/" + name, in.readAllBytes());
                    }
                }
                put(zip, "WEB-INF/classes/META-INF/microprofile-config.properties",
                        config().getBytes(StandardCharsets.UTF_8));
                put(zip, "WEB-INF/classes/" + KEY_RESOURCE,
                        fixtures.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
                put(zip, "WEB-INF/beans.xml", BEANS_XML.getBytes(StandardCharsets.UTF_8));
                if (libraries != null) {
                    try (Stream<Path> jars = Files.list(libraries)) {
                        for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                            if (jar.toString().endsWith(".jar")) {
                                put(zip, "WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
                            }
                        }
                    }
                }
            }
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + war, e);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(bytes);
        zip.closeEntry();
    }
}
