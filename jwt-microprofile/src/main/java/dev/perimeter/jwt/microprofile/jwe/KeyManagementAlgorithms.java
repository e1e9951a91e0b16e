package dev.perimeter.jwt.microprofile.jwe;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JWE key management algorithms a deployment accepts, from {@code mp.jwt.decrypt.key.algorithm}.
 * MP-JWT 2.1 (configuration, "mp.jwt.decrypt.key.algorithm"): RSA-OAEP or RSA-OAEP-256, and when
 * the property is not set both must be accepted.
 */
final class KeyManagementAlgorithms {

    static final String RSA_OAEP = "RSA-OAEP";
    static final String RSA_OAEP_256 = "RSA-OAEP-256";

    private KeyManagementAlgorithms() {
    }

    static Set<String> fromSetting(String setting) {
        if (setting == null || setting.isBlank()) {
            return ordered(RSA_OAEP, RSA_OAEP_256);
        }
        String name = setting.strip();
        if (name.equals(RSA_OAEP) || name.equals(RSA_OAEP_256)) {
            return ordered(name);
        }
        throw new IllegalArgumentException("mp.jwt.decrypt.key.algorithm '" + shorten(name)
                + "' is not supported: use " + RSA_OAEP + " or " + RSA_OAEP_256
                + " (or leave it unset to accept both)");
    }

    // Ordered, so that messages list the algorithms the same way every time.
    private static Set<String> ordered(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
