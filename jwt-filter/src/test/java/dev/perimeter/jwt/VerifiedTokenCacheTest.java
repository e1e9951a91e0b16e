package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.internal.VerifiedTokenCache;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.Keys;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verified-token cache: it saves work, never a check that can change while it holds a token. */
class VerifiedTokenCacheTest {

    @RegisterExtension
    final Perimeters perimeters = new Perimeters();

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();

    private JwtConfig.Builder config() {
        return JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.SECRET_256)
                .clock(clock);
    }

    /** A token for subject {@code s}, id {@code jti}, issued now, expiring in 300 s. */
    private static String token(String jti) {
        return TestTokens.hs256(HEADER, "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\""
                + TestTokens.AUDIENCE + "\",\"sub\":\"s\",\"jti\":\"" + jti + "\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 300)
                + ",\"groups\":[\"user\"]}", TestKeys.utf8(TestKeys.SECRET_256));
    }

    @Test
    void aRepeatedTokenIsAnsweredFromTheCache() {
        TokenVerifier verifier = perimeters.verifier(config().build());
        String token = token("j-1");
        VerificationResult first = verifier.verify(token);
        assertTrue(first.isValid(), first::toString);
        VerificationResult second = verifier.verify(new String(token.toCharArray()));
        assertSame(first, second, "the same verified result, without verifying again");
        assertEquals("s", second.jwt().name());
        assertEquals(List.of("user"), List.copyOf(second.jwt().roles()));
    }

    @Test
    void cacheSizeZeroTurnsTheCacheOff() {
        TokenVerifier verifier = perimeters.verifier(config().set("cache-size", "0").build());
        String token = token("j-1");
        VerificationResult first = verifier.verify(token);
        VerificationResult second = verifier.verify(token);
        assertTrue(first.isValid() && second.isValid());
        assertNotSame(first, second);
    }

    @Test
    void aTokenRevokedAfterItWasCachedIsRejected() {
        JwtConfig config = config().build();
        Perimeter perimeter = perimeters.start(config);
        TokenVerifier verifier = perimeter.verifier();
        String token = token("j-2");
        assertTrue(verifier.verify(token).isValid());
        perimeter.revocationStore().revokeToken("j-2", NOW.plusSeconds(300));
        assertEquals(Rejection.REVOKED, verifier.verify(token).rejection());
        assertEquals(Rejection.REVOKED, verifier.verify(token).rejection(),
                "and again after it left the cache");
    }

    @Test
    void aCachedTokenWhoseSubjectWasRevokedAfterwardsIsRejected() {
        JwtConfig config = config().build();
        Perimeter perimeter = perimeters.start(config);
        TokenVerifier verifier = perimeter.verifier();
        String token = token("j-3");
        assertTrue(verifier.verify(token).isValid());
        perimeter.revocationStore().revokeSubject("s", NOW.plusSeconds(1));
        assertEquals(Rejection.REVOKED, verifier.verify(token).rejection());
    }

    @Test
    void aCachedTokenThatHasSinceExpiredIsRejected() {
        TokenVerifier verifier = perimeters.verifier(config().leeway(Duration.ofSeconds(30)).build());
        String token = token("j-4");
        assertTrue(verifier.verify(token).isValid());
        clock.advance(Duration.ofSeconds(300 + 29));
        assertTrue(verifier.verify(token).isValid(), "still within the leeway");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Rejection.EXPIRED, verifier.verify(token).rejection());
    }

    @Test
    void maxAgeIsCheckedOnEveryHit() {
        TokenVerifier verifier = perimeters.verifier(config().set("max-age", "60")
                .leeway(Duration.ZERO).build());
        String token = token("j-5");
        assertTrue(verifier.verify(token).isValid());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Rejection.TOO_OLD, verifier.verify(token).rejection());
    }

    @Test
    void aCachedTokenIsNoLongerAcceptedOnceItsKeyIsReplaced() {
        KeySet original = KeySet.of(List.of(Keys.secret(TestKeys.utf8(TestKeys.SECRET_256),
                EnumSet.of(JwsAlgorithm.HS256), "test")));
        KeySet rotated = KeySet.of(List.of(Keys.secret(TestKeys.utf8(TestKeys.SECRET_512),
                EnumSet.of(JwsAlgorithm.HS256), "test")));
        AtomicReference<KeySet> keys = new AtomicReference<>(original);
        KeySource source = keys::get;
        TokenVerifier verifier = perimeters.verifier(JwtConfig.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).algorithms("HS256").keySource(source).clock(clock)
                .build());
        String token = token("j-6");
        assertTrue(verifier.verify(token).isValid());
        keys.set(rotated);
        assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(token).rejection());
    }

    @Test
    void aTamperedCopyOfACachedTokenIsVerifiedOnItsOwn() {
        TokenVerifier verifier = perimeters.verifier(config().build());
        String token = token("j-7");
        assertTrue(verifier.verify(token).isValid());
        String signature = TestTokens.signatureOf(token);
        String forged = TestTokens.withSignature(token,
                (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1));
        assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(forged).rejection());
    }

    @Test
    void theCacheNeverHoldsMoreThanItsEntryBound() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(100, clock);
        for (int i = 0; i < 1000; i++) {
            cache.put("token-" + i, "v" + i, NOW.plusSeconds(60));
            assertTrue(cache.size() <= 100, "size " + cache.size() + " after " + i);
        }
        assertNotNull(cache.get("token-999"), "the newest token is kept");
    }

    @Test
    void theCacheNeverHoldsMoreThanItsMemoryBound() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, clock);
        String longToken = "x".repeat(4000);
        for (int i = 0; i < 50; i++) {
            cache.put(longToken + i, "v", NOW.plusSeconds(60));
            assertTrue(cache.chars() <= 10 * 1024, "chars " + cache.chars());
        }
        assertTrue(cache.size() <= 2, "at most two 4000-char tokens fit in 10 KiB");
    }

    @Test
    void expiredEntriesAreNeverReturnedAndAreEvictedFirst() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, clock);
        for (int i = 0; i < 5; i++) {
            cache.put("short-" + i, "v", NOW.plusSeconds(10));
        }
        for (int i = 0; i < 5; i++) {
            cache.put("long-" + i, "v", NOW.plusSeconds(100));
        }
        clock.advance(Duration.ofSeconds(10));
        assertNull(cache.get("short-0"));
        cache.put("new", "v", NOW.plusSeconds(100));
        for (int i = 0; i < 5; i++) {
            assertNotNull(cache.get("long-" + i), "long-" + i + " outlived the expired ones");
        }
        assertNotNull(cache.get("new"));
    }

    @Test
    void aRecentlyUsedEntryGetsASecondChance() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, clock);
        for (int i = 0; i < 10; i++) {
            cache.put("token-" + i, "v", NOW.plusSeconds(60));
        }
        for (int i = 0; i < 9; i++) {
            assertNotNull(cache.get("token-" + i));
        }
        cache.put("token-10", "v", NOW.plusSeconds(60));
        assertNull(cache.get("token-9"), "the one entry not used since it was added goes first");
        for (int i = 0; i <= 10; i++) {
            if (i != 9) {
                assertNotNull(cache.get("token-" + i), "token-" + i);
            }
        }
    }

    @Test
    void aTokenAlreadyExpiredIsNotCached() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, clock);
        cache.put("t", "v", NOW);
        assertEquals(0, cache.size());
    }
}
