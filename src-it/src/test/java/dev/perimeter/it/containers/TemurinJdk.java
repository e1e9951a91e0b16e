package dev.perimeter.it.containers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Temurin 25 JDK that Keycloak 26 runs on (the tests and the other containers stay on the
 * build's JDK). CI machines have it at {@link #DEFAULT_HOME}; {@code -Dsrcit.temurin25.home=…}
 * names another.
 */
public final class TemurinJdk {

    /** Where CI machines have it. */
    public static final String DEFAULT_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private TemurinJdk() {
    }

    /**
     * The JDK's home, for {@code JAVA_HOME}.
     *
     * @throws IllegalStateException naming the path when no JDK is there
     */
    public static Path home() {
        String configured = System.getProperty("srcit.temurin25.home");
        Path home = Path.of(configured == null || configured.isBlank() ? DEFAULT_HOME : configured);
        for (String tool : new String[] {"java", "keytool"}) {
            if (!Files.isExecutable(home.resolve("bin").resolve(tool))) {
                throw new IllegalStateException("no Temurin 25 JDK at " + home + " (no bin/" + tool
                        + "): Keycloak 26 runs on it; install it there, as CI machines have it,"
                        + " or name another with -Dsrcit.temurin25.home=…");
            }
        }
        return home;
    }

    /** {@code bin/<name>} of the JDK, such as {@code keytool}. */
    public static Path tool(String name) {
        return home().resolve("bin").resolve(name);
    }
}
