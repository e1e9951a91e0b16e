package dev.perimeter.jwt;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySource;
import java.util.List;
import java.util.Set;

/** Runs the package-private {@link JwsVerifier} for tests in other packages. */
public final class JwsChecks {

    private JwsChecks() {
    }

    /** Why the JWS layer of {@code token} fails against {@code keys}, or null when it verifies. */
    public static String failure(KeySource keys, Set<JwsAlgorithm> algorithms, String token) {
        JwsVerifier.Outcome outcome = new JwsVerifier(keys, algorithms,
                TokenTypes.of(List.of("JWT"))).verify(token);
        return outcome.isVerified() ? null : outcome.rejection().description();
    }
}
