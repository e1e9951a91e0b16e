package dev.perimeter.jwt.microprofile.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.microprofile.MicroProfileJwtInitializer;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * On a server with its own MicroProfile JWT (here: Payara 6's extension class on the
 * application's class path), the initializer starts nothing, so the container's implementation
 * alone verifies tokens: no Perimeter filter answers, and one INFO line says why.
 */
class StandingDownFilterTest {

    private static final String PAYARA = "fish.payara.microprofile.jwtauth.cdi.JwtAuthCdiExtension";

    @Test
    void theContainersOwnMicroProfileJwtWins() throws Exception {
        try (LogRecorder log = LogRecorder.of(MicroProfileJwtInitializer.class);
                MpJwtOnJetty app = new MpJwtOnJetty(Map.of(), Map.of(), classes -> compile(classes, PAYARA))) {
            String forged = TestTokens.sign(TestTokens.header("RS256", null),
                    TestTokens.claims("jdoe", Instant.now()), "SHA256withRSA", TestKeys.RSA_OTHER.getPrivate());
            // Nothing of Perimeter's runs: not even a missing mp.jwt.verify.issuer fails start-up,
            // and a token nobody verified is not turned away by this module.
            assertEquals("anonymous", app.get("/api/caller/permitted", forged).body());
            List<String> lines = log.messages(Level.INFO);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains(PAYARA), lines.get(0));
        }
    }

    private static void compile(Path classes, String className) throws Exception {
        int dot = className.lastIndexOf('.');
        Path source = Files.createTempDirectory("src").resolve(className.substring(dot + 1) + ".java");
        Files.writeString(source, "package " + className.substring(0, dot) + ";\npublic class "
                + className.substring(dot + 1) + " {}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, compiler.run(null, null, null, "-d", classes.toString(), source.toString()));
    }
}
