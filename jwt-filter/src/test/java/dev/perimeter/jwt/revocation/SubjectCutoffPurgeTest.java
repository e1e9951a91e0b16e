package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.perimeter.jwt.Perimeters;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Purging subject cutoffs never lets a revoked token in: checked with the real verifier at
 * moments before and after the purge, for tokens of every age that a cutoff covers, including
 * ones whose {@code exp} is years away.
 */
class SubjectCutoffPurgeTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final Instant CUTOFF = Instant.parse("2026-06-01T10:00:00Z");
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final long FAR_EXP = CUTOFF.getEpochSecond() + 10L * 365 * 86400;
    private final MutableClock clock = MutableClock.fixedAt(CUTOFF);

    private JwtConfig config(String maxAge) {
        JwtConfig.Builder builder = JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.SECRET_256)
                .clock(clock)
                .set("leeway", "30");
        if (maxAge != null) {
            builder.set("max-age", maxAge);
        }
        return builder.build();
    }

    private static String token(Long iat) {
        return TestTokens.hs256(HEADER, "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\""
                + TestTokens.AUDIENCE + "\",\"sub\":\"alice\",\"exp\":" + FAR_EXP
                + (iat == null ? "" : ",\"iat\":" + iat) + "}", TestKeys.utf8(TestKeys.SECRET_256));
    }

    /** Tokens of alice the cutoff covers: issued up to 1 s before it, long before, without iat. */
    private static List<String> covered() {
        List<String> tokens = new ArrayList<>();
        for (long age : new long[] {1, 29, 31, 599, 600, 601, 629, 631, 5000}) {
            tokens.add(token(CUTOFF.getEpochSecond() - age));
        }
        tokens.add(token(null));
        return tokens;
    }

    @Test
    void withMaxAgeTheCutoffIsPurgedAfterMaxAgePlusLeewayAndNoCoveredTokenIsEverAdmitted() {
        JwtConfig config = config("600");
        Perimeter perimeter = perimeters.start(config);
        TokenVerifier verifier = perimeter.verifier();
        RevocationStore store = perimeter.revocationStore();
        store.revokeSubject("alice", CUTOFF);
        for (long later : new long[] {0, 1, 300, 629, 630, 631, 700, 86_400, 10L * 365 * 86_400}) {
            clock.set(CUTOFF.plusSeconds(later));
            store.purgeExpired();
            for (String token : covered()) {
                assertFalse(verifier.verify(token).isValid(), "admitted " + later + " s after the cutoff");
            }
            assertEquals(later < 630 ? 1 : 0, store.health().revokedSubjects(),
                    "the cutoff is kept exactly while it can refuse a token " + later + " s after it");
        }
        clock.set(CUTOFF.plusSeconds(700));
        assertTrue(verifier.verify(token(CUTOFF.getEpochSecond() + 100)).isValid(),
                "a token issued after the cutoff is admitted");
    }

    @Test
    void aCutoffAlreadyOlderThanMaxAgePlusLeewayIsNotKept() {
        Perimeter perimeter = perimeters.start(config("600"));
        RevocationStore store = perimeter.revocationStore();
        store.revokeSubject("alice", CUTOFF.minusSeconds(630));
        assertEquals(0, store.health().revokedSubjects());
        store.revokeSubject("alice", CUTOFF.minusSeconds(629));
        assertEquals(1, store.health().revokedSubjects());
    }

    @Test
    void withoutMaxAgeTheCutoffIsKeptForGoodSinceTokensMayLiveForever() {
        JwtConfig config = config(null);
        Perimeter perimeter = perimeters.start(config);
        TokenVerifier verifier = perimeter.verifier();
        RevocationStore store = perimeter.revocationStore();
        store.revokeSubject("alice", CUTOFF);
        clock.set(CUTOFF.plusSeconds(9L * 365 * 86_400));
        store.purgeExpired();
        assertEquals(1, store.health().revokedSubjects());
        for (String token : covered()) {
            assertFalse(verifier.verify(token).isValid());
        }
    }

    @Test
    void theMirrorSaysHowLongACutoffMatters() {
        RevocationMirror withMaxAge = new RevocationMirror(clock, Duration.ofSeconds(30), Duration.ofSeconds(600));
        assertEquals(630_000, withMaxAge.cutoffRemainingMillis(CUTOFF));
        assertEquals(CUTOFF.minusSeconds(630), withMaxAge.subjectHorizon());
        RevocationMirror without = new RevocationMirror(clock, Duration.ofSeconds(30), null);
        assertEquals(Long.MAX_VALUE, without.cutoffRemainingMillis(CUTOFF));
        assertNull(without.subjectHorizon());
    }
}
