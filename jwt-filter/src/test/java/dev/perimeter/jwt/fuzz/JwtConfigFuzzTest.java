package dev.perimeter.jwt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The configuration parser with fuzzed values: building must succeed or throw
 * {@link ConfigException}, nothing else; a configuration that builds must verify a token without
 * throwing. Input: chunks separated by NUL, each a parameter index byte then its UTF-8 value.
 *
 * <p>Left out, because they do I/O: {@code jwks} and {@code oidc-discovery} (network) and
 * {@code revocation} (databases, Redis). {@code public-key} is fuzzed with a resource loader that
 * refuses every location, so no file is read.
 */
class JwtConfigFuzzTest {

    private static final List<String> PARAMETERS = List.of("issuer", "audience", "algorithms",
            "public-key", "secret", "jwks-refresh", "jwks-min-refetch", "jwks-timeout",
            "jwks-retention", "leeway", "max-age", "required-claims", "token-types", "header",
            "cookie", "csrf", "roles-claim", "principal-claim", "public-paths", "rules",
            "revocation-sync", "realm", "max-token-length");

    /** Held so the setting sticks: a configuration's warnings per input would swamp the run. */
    private static final Logger QUIET = Logger.getLogger("dev.perimeter");

    static {
        QUIET.setLevel(Level.OFF);
    }

    @FuzzTest(maxDuration = "15s")
    void build(byte[] data) {
        JwtConfig.Builder builder = JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .secret(TestKeys.SECRET_256)
                .algorithms("HS256")
                .resourceLoader(location -> {
                    throw new IOException("no I/O while fuzzing");
                });
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == 0) {
                if (i > start) {
                    String name = PARAMETERS.get((data[start] & 0xFF) % PARAMETERS.size());
                    builder.set(name, new String(data, start + 1, i - start - 1,
                            StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        Perimeter perimeter;
        try {
            perimeter = Perimeter.start(builder.build());
        } catch (ConfigException expected) {
            return;
        }
        try (perimeter) {
            perimeter.summary();
            perimeter.verifier().verify(TestTokens.hs256("{\"alg\":\"HS256\"}",
                    "{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"s\",\"exp\":4102444800}",
                    TestKeys.utf8(TestKeys.SECRET_256)));
        }
    }
}
