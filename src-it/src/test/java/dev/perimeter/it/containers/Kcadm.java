package dev.perimeter.it.containers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's admin command line, {@code bin/kcadm.sh}, run as an operator runs it, on the
 * Temurin JDK, with a configuration file of its own (never {@code ~/.keycloak}) that holds the
 * trust store and the session of {@code config credentials}. Every command and its output goes
 * to {@code kcadm.log}, passwords masked.
 */
public final class Kcadm {

    private static final Duration LIMIT = Duration.ofMinutes(1);

    private final Path script;
    private final Path config;
    private final Path log;

    Kcadm(Path keycloakHome, Path directory) {
        this.script = keycloakHome.resolve("bin/kcadm.sh");
        this.config = directory.resolve("kcadm.config");
        this.log = directory.resolve("kcadm.log");
    }

    /**
     * Runs {@code kcadm.sh <arguments> --config <file>}.
     *
     * @return what it printed, such as the id that {@code create … -i} prints
     * @throws IllegalStateException with that output when it fails
     */
    public String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("sh", script.toString()));
        command.addAll(Arrays.asList(arguments));
        command.add("--config");
        command.add(config.toString());
        return Commands.run(command, Map.of("JAVA_HOME", TemurinJdk.home().toString()), log, LIMIT);
    }

    /** The log of every command run. */
    public Path log() {
        return log;
    }
}
