package dev.perimeter.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.SignatureCheck;
import dev.perimeter.jwt.keys.StaticKeySource;
import dev.perimeter.jwt.keys.VerificationKey;
import dev.perimeter.jwt.testing.MutableClock;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link JwsVerifier} and a key's {@link SignatureCheck}: what the check answers decides the
 * outcome, an exception from it is a bad signature, and only the check is inside the admission.
 */
class SignatureSeamTest {

    /** {"alg":"HS256"} . {} . "sig" */
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln";
    private static final Provider PROVIDER = Security.getProvider("SUN");

    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aCheckThatAnswersTrueVerifiesWithItsKeyAndThePreferredProvider() {
        VerificationKey key = key((jws, provider) -> {
            calls.incrementAndGet();
            assertEquals(TOKEN, jws.token());
            assertSame(PROVIDER, provider);
            return true;
        });

        JwsVerifier.Outcome outcome = verifier(key).verify(TOKEN);

        assertTrue(outcome.isVerified());
        assertSame(key, outcome.verified().key());
        assertEquals(1, calls.get());
    }

    @Test
    void aCheckThatAnswersFalseIsABadSignature() {
        JwsVerifier.Outcome outcome = verifier(key((jws, provider) -> false)).verify(TOKEN);

        assertEquals(Rejection.BAD_SIGNATURE, outcome.rejection().rejection());
    }

    @Test
    void aCheckThatThrowsIsABadSignatureAndGivesItsPlaceBack() {
        JwsVerifier verifier = verifier(key((jws, provider) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a library's fault on hostile input");
        }));
        SignatureAdmission admission = admitting(1);

        for (int i = 0; i < 3; i++) {
            JwsVerifier.Outcome outcome = verifier.verify(verifier.check(TOKEN).candidate(), null,
                    admission);
            assertEquals(Rejection.BAD_SIGNATURE, outcome.rejection().rejection());
        }
        assertEquals(3, calls.get(), "the one place was given back after each failure");
    }

    @Test
    void aFullAdmissionRefusesBeforeTheCheckRuns() {
        JwsVerifier verifier = verifier(key((jws, provider) -> calls.incrementAndGet() > 0));
        SignatureAdmission admission = admitting(1);
        assertTrue(admission.tryEnter());

        JwsVerifier.Outcome outcome = verifier.verify(verifier.check(TOKEN).candidate(), null,
                admission);

        assertEquals(Rejection.OVERLOADED, outcome.rejection().rejection());
        assertEquals(0, calls.get());
        admission.release();
        assertFalse(verifier.verify(verifier.check(TOKEN).candidate(), null, admission)
                .isRejected());
        assertEquals(1, calls.get());
    }

    private static VerificationKey key(SignatureCheck check) {
        return new VerificationKey(null, JwsAlgorithm.HS256, null, check, "test");
    }

    private static JwsVerifier verifier(VerificationKey key) {
        return new JwsVerifier(new StaticKeySource(KeySet.of(List.of(key))),
                EnumSet.of(JwsAlgorithm.HS256), TokenTypes.of(List.of("JWT", "absent")), PROVIDER);
    }

    private static SignatureAdmission admitting(int concurrency) {
        return new SignatureAdmission(concurrency, 0, Duration.ofSeconds(60),
                MutableClock.startingNow());
    }
}
