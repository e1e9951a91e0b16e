package dev.perimeter.jwt.issuers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.testing.LogRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The registry's snapshot swap, with key sources that only record whether they were closed:
 * adding or removing an issuer touches no other issuer's key source, a removed issuer is gone from
 * the very next read, and a source's answer is applied whole or not at all.
 */
class RuntimeIssuersTest {

    private static final String A = "https://a.tenant.test";
    private static final String B = "https://b.tenant.test";
    private static final String C = "https://c.tenant.test";
    private static final String FIXED = "https://fixed.test";

    /** A key source that says whose it is and whether it was closed. */
    private static final class Recorded implements KeySource {
        final TrustedIssuer issuer;
        volatile boolean closed;

        Recorded(TrustedIssuer issuer) {
            this.issuer = issuer;
        }

        @Override
        public KeySet current() {
            return KeySet.of(List.of());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Recorded> started = new CopyOnWriteArrayList<>();

    private KeySource start(TrustedIssuer issuer) {
        if (issuer.jwks() != null && issuer.jwks().getHost().equals("refused.test")) {
            throw new IllegalArgumentException("refused address");
        }
        Recorded keys = new Recorded(issuer);
        started.add(keys);
        return keys;
    }

    private RuntimeIssuers registry(IssuerSource source) {
        return new RuntimeIssuers(Set.of(FIXED), this::start, source, Duration.ofSeconds(1));
    }

    private static TrustedIssuer jwks(String issuer, String url) {
        return TrustedIssuer.withJwks(issuer, URI.create(url));
    }

    @Test
    void addingAnIssuerLeavesTheOthersKeySourcesAsTheyWere() {
        try (RuntimeIssuers issuers = registry(null)) {
            issuers.add(TrustedIssuer.discovered(A));
            KeySource keysOfA = issuers.keysOf(A);
            issuers.add(jwks(B, "https://b.tenant.test/certs"));

            assertSame(keysOfA, issuers.keysOf(A));
            assertFalse(((Recorded) keysOfA).closed);
            assertEquals(Set.of(A, B), issuers.issuers());
            assertEquals(2, started.size());
        }
    }

    @Test
    void aRemovedIssuerIsGoneAtOnceAndItsKeySourceClosedTheOthersNot() {
        try (RuntimeIssuers issuers = registry(null)) {
            issuers.add(TrustedIssuer.discovered(A));
            issuers.add(TrustedIssuer.discovered(B));
            Recorded keysOfB = (Recorded) issuers.keysOf(B);

            assertTrue(issuers.remove(B));

            assertNull(issuers.keysOf(B));
            assertFalse(issuers.isTrusted(B));
            assertTrue(keysOfB.closed);
            assertFalse(((Recorded) issuers.keysOf(A)).closed);
            assertFalse(issuers.remove(B), "removing twice");
        }
    }

    @Test
    void addingAnIssuerAgainReplacesItsKeySourceOnly() {
        try (RuntimeIssuers issuers = registry(null)) {
            issuers.add(jwks(A, "https://a.tenant.test/old"));
            Recorded old = (Recorded) issuers.keysOf(A);
            issuers.add(jwks(A, "https://a.tenant.test/new"));

            assertTrue(old.closed);
            assertEquals(URI.create("https://a.tenant.test/new"),
                    ((Recorded) issuers.keysOf(A)).issuer.jwks());
        }
    }

    @Test
    void aFixedIssuerOrARefusedAddressCannotBeAddedAndChangesNothing() {
        try (RuntimeIssuers issuers = registry(null)) {
            issuers.add(TrustedIssuer.discovered(A));
            assertThrows(IllegalArgumentException.class,
                    () -> issuers.add(TrustedIssuer.discovered(FIXED)));
            assertThrows(IllegalArgumentException.class,
                    () -> issuers.add(jwks(B, "https://refused.test/certs")));
            assertEquals(Set.of(A), issuers.issuers());
        }
    }

    @Test
    void aSourceChangeAppliesOnlyWhatItsAnswerChanged() throws Exception {
        AtomicReference<List<TrustedIssuer>> listed = new AtomicReference<>(
                List.of(TrustedIssuer.discovered(A), TrustedIssuer.discovered(B)));
        try (RuntimeIssuers issuers = registry(listed::get)) {
            issuers.load();
            issuers.add(TrustedIssuer.discovered(C)); // from code: not the source's to remove
            KeySource keysOfA = issuers.keysOf(A);
            Recorded keysOfB = (Recorded) issuers.keysOf(B);

            listed.set(List.of(TrustedIssuer.discovered(A)));
            issuers.poll();

            assertEquals(Set.of(A, C), issuers.issuers());
            assertSame(keysOfA, issuers.keysOf(A), "an unchanged entry keeps its key source");
            assertTrue(keysOfB.closed);

            int before = started.size();
            issuers.poll();
            assertEquals(before, started.size(), "an unchanged answer starts nothing");
        }
    }

    @Test
    void aFailingOrBadAnswerLeavesTheIssuersInForceAndIsLoggedOnce() throws Exception {
        AtomicReference<Object> answer = new AtomicReference<>(List.of(TrustedIssuer.discovered(A)));
        IssuerSource source = () -> {
            Object value = answer.get();
            if (value instanceof Exception) {
                throw (Exception) value;
            }
            @SuppressWarnings("unchecked")
            Collection<TrustedIssuer> issuers = (Collection<TrustedIssuer>) value;
            return issuers;
        };
        try (LogRecorder log = LogRecorder.of(RuntimeIssuers.class);
                RuntimeIssuers issuers = registry(source)) {
            issuers.load();
            KeySource keysOfA = issuers.keysOf(A);

            answer.set(new java.io.IOException("issuers.txt line 3: the issuer is listed twice"));
            issuers.poll();
            issuers.poll();
            answer.set(List.of(TrustedIssuer.discovered(B), TrustedIssuer.discovered(FIXED)));
            issuers.poll();
            answer.set(List.of(TrustedIssuer.discovered(B), jwks(C, "https://refused.test/c")));
            issuers.poll();

            assertEquals(Set.of(A), issuers.issuers());
            assertSame(keysOfA, issuers.keysOf(A));
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(3, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("line 3"), warnings.get(0));
            assertTrue(warnings.get(1).contains("is one of 'issuer'"), warnings.get(1));
            assertTrue(warnings.get(2).contains("refused address"), warnings.get(2));
            // the key source started for B before C's was refused is closed again, never published
            assertTrue(started.stream().filter(k -> k.issuer.issuer().equals(B))
                    .allMatch(k -> k.closed));
        }
    }

    @Test
    void closingClosesEveryKeySourceAndRefusesFurtherAdditions() {
        RuntimeIssuers issuers = registry(null);
        issuers.add(TrustedIssuer.discovered(A));
        issuers.add(TrustedIssuer.discovered(B));
        issuers.close();

        assertTrue(started.stream().allMatch(k -> k.closed));
        assertNull(issuers.keysOf(A));
        assertThrows(IllegalStateException.class, () -> issuers.add(TrustedIssuer.discovered(C)));
    }

    /** Readers on other threads never miss A while B is added and removed over and over. */
    @Test
    void readersNeverMissAnotherIssuerWhileOneIsAddedAndRemoved() throws Exception {
        try (RuntimeIssuers issuers = registry(null)) {
            issuers.add(TrustedIssuer.discovered(A));
            KeySource keysOfA = issuers.keysOf(A);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicLong misses = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread reader = new Thread(() -> {
                    while (running.get()) {
                        if (issuers.keysOf(A) != keysOfA) {
                            misses.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int i = 0; i < 2_000; i++) {
                issuers.add(TrustedIssuer.discovered(B));
                assertNotNull(issuers.keysOf(B));
                issuers.remove(B);
                assertNull(issuers.keysOf(B));
            }
            running.set(false);
            for (Thread reader : readers) {
                reader.join(5_000);
            }
            assertEquals(0, misses.get(), "reads that missed A, of " + reads.get());
            assertTrue(reads.get() > 0);
        }
    }
}
