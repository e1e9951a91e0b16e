package dev.perimeter.jwt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code keytool} of this JVM, so that test certificates are made by the same JDK whose
 * TLS stack reads them, with no library and no file checked in.
 */
final class Keytool {

    private Keytool() {
    }

    /** Runs {@code keytool arguments...}, failing with its output when it does not exit 0. */
    static void run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
