package dev.perimeter.jwt;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link Perimeter}s for a test and closes them after it; register as a field with
 * {@code @RegisterExtension final Perimeters perimeters = new Perimeters();}.
 */
public final class Perimeters implements AfterEachCallback {

    private final List<Perimeter> started = new ArrayList<>();

    public synchronized Perimeter start(JwtConfig config) {
        Perimeter perimeter = Perimeter.start(config);
        started.add(perimeter);
        return perimeter;
    }

    /** The verifier of a newly started Perimeter. */
    public TokenVerifier verifier(JwtConfig config) {
        return start(config).verifier();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (Perimeter perimeter : started) {
            perimeter.close();
        }
        started.clear();
    }
}
