package dev.perimeter.jwt.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code dpop*} parameters: a mistake fails the start naming the parameter. */
class DpopConfigurationTest {

    private static JwtConfig.Builder valid() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()));
    }

    private static void failsNaming(String parameter, JwtConfig.Builder builder, String says) {
        ConfigException e = assertThrows(ConfigException.class, builder::build);
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void dpopWithoutAnExternalUrlFailsNamingDpopUrl() {
        failsNaming("dpop-url", valid().set("dpop", "allowed"), "Host header is not trusted");
    }

    @Test
    void aDpopUrlThatIsNotAnAbsoluteHttpUrlFailsNamingIt() {
        for (String url : List.of("/api", "ftp://api.test", "https://api.test/?x=1", "https://u@api.test")) {
            failsNaming("dpop-url", valid().set("dpop", "allowed").set("dpop-url", url), url);
        }
    }

    @Test
    void aSymmetricOrUnknownDpopAlgorithmFailsNamingDpopAlgorithms() {
        failsNaming("dpop-algorithms", valid().set("dpop-algorithms", "HS256"), "asymmetric");
        failsNaming("dpop-algorithms", valid().set("dpop-algorithms", "none"), "asymmetric");
    }

    @Test
    void anUnknownModeOrAShortNonceSecretFailsNamingItsParameter() {
        failsNaming("dpop", valid().set("dpop", "maybe"), "off, allowed or required");
        failsNaming("dpop-nonce-secret", valid().set("dpop-nonce-secret", "short"), "32 bytes");
        failsNaming("certificate-binding", valid().set("certificate-binding", "always"), "checked or required");
    }

    @Test
    void theStartUpLineShowsTheModeAndWhereReplaysAreChecked() {
        JwtConfig config = valid().set("dpop", "required").set("dpop-url", "https://api.test/")
                .set("dpop-nonce", "true").revocationStore(new MemoryRevocationStore(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(30))).build();
        try (Perimeter perimeter = Perimeter.start(config)) {
            String summary = perimeter.summary();
            assertTrue(summary.contains("dpop=required (url https://api.test, algs RS256 PS256 ES256"
                    + " ES384 EdDSA, proofs 60s, nonce every 300s, key of this node)"), summary);
            assertTrue(summary.contains("dpop replays on this node only"), summary);
            assertTrue(summary.contains("certificate-binding=checked"), summary);
            assertEquals(DpopMode.REQUIRED, perimeter.dpop().settings().mode());
        }
        try (Perimeter off = Perimeter.start(valid().revocationStore(new MemoryRevocationStore(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(30))).build())) {
            assertTrue(off.summary().contains("dpop=off"), off.summary());
            assertEquals(null, off.dpop());
        }
    }
}
