package dev.perimeter.jwt.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.revocation.RevocationHealth;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static AuditEvent event(AuditEvent.Kind kind, String reason) {
        return AuditEvent.builder(kind).reason(reason).build();
    }

    @Test
    void eachKindIsLoggedAsOneJsonLineOnTheAuditLoggerAtItsLevel() throws Exception {
        try (LogRecorder log = LogRecorder.named(AuditLog.LOGGER_NAME);
                AuditLog audit = new AuditLog(MutableClock.startingNow(), 100, 10)) {
            for (AuditEvent.Kind kind : AuditEvent.Kind.values()) {
                assertTrue(audit.record(event(kind, "r-" + kind.label())));
            }
            assertTrue(audit.flush(WAIT));
            assertEquals(List.of("{\"time\"", "{\"time\"", "{\"time\"", "{\"time\""),
                    log.messages(Level.INFO).stream().map(m -> m.substring(0, 7))
                            .collect(Collectors.toList()));
            assertTrue(log.messages(Level.INFO).get(0).contains("\"event\":\"rejected\""));
            assertTrue(log.messages(Level.INFO).get(1).contains("\"event\":\"issued\""));
            assertTrue(log.messages(Level.INFO).get(2).contains("\"event\":\"refreshed\""));
            assertTrue(log.messages(Level.INFO).get(3).contains("\"event\":\"revoked\""));
            assertEquals(1, log.messages(Level.SEVERE).size());
            assertTrue(log.messages(Level.SEVERE).get(0).contains("\"event\":\"alert\""));
            assertEquals(1, log.messages(Level.WARNING).size());
            assertTrue(log.messages(Level.WARNING).get(0).contains("\"event\":\"warning\""));
            for (AuditEvent.Kind kind : AuditEvent.Kind.values()) {
                assertEquals(1, audit.delivered(kind), kind.toString());
            }
        }
    }

    @Test
    void theLatestEventsComeBackNewestFirstAndBoundedByTheHistory() throws Exception {
        try (AuditLog audit = new AuditLog(MutableClock.startingNow(), 100, 5)) {
            for (int i = 0; i < 8; i++) {
                audit.record(event(i % 2 == 0 ? AuditEvent.Kind.ISSUED : AuditEvent.Kind.ALERT,
                        "e" + i));
            }
            assertTrue(audit.flush(WAIT));
            assertEquals(List.of("e7", "e6", "e5"), reasons(audit.recent(3)));
            assertEquals(List.of("e7", "e6", "e5", "e4", "e3"), reasons(audit.recent(100)));
            assertEquals(List.of("e7", "e5", "e3"),
                    reasons(audit.recent(10, e -> e.kind() == AuditEvent.Kind.ALERT)));
            assertEquals(List.of(), audit.recent(0));
        }
        try (AuditLog none = new AuditLog(MutableClock.startingNow(), 100, 0)) {
            none.record(event(AuditEvent.Kind.ISSUED, "x"));
            assertTrue(none.flush(WAIT));
            assertEquals(List.of(), none.recent(10));
        }
    }

    @Test
    void listenersHearEveryEventInOrderOnTheAuditThreadAndAFailingOneStopsNothing()
            throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (LogRecorder failures = LogRecorder.of(AuditLog.class);
                AuditLog audit = new AuditLog(MutableClock.startingNow(), 100, 10)) {
            audit.addListener(e -> {
                throw new IllegalStateException("listener bug");
            });
            AuditListener listener = e -> {
                heard.add(e.reason());
                threads.add(Thread.currentThread().getName());
            };
            audit.addListener(listener);
            audit.record(event(AuditEvent.Kind.ISSUED, "one"));
            audit.record(event(AuditEvent.Kind.REVOKED, "two"));
            assertTrue(audit.flush(WAIT));
            assertEquals(List.of("one", "two"), heard);
            assertEquals(List.of(AuditLog.THREAD_NAME, AuditLog.THREAD_NAME), threads);
            assertEquals(1, failures.messages(Level.WARNING).size(), "logged once, not per event");

            audit.removeListener(listener);
            audit.record(event(AuditEvent.Kind.ISSUED, "three"));
            assertTrue(audit.flush(WAIT));
            assertEquals(List.of("one", "two"), heard);
        }
    }

    @Test
    void aFullQueueDropsAndCountsEventsWithoutBlockingAndSaysHowManyInOneWarning()
            throws Exception {
        MutableClock clock = MutableClock.startingNow();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        List<AuditEvent> heard = Collections.synchronizedList(new ArrayList<>());
        try (AuditLog audit = new AuditLog(clock, 16, 100)) {
            audit.addListener(heard::add);
            audit.execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS), "the audit thread is held");
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 10_000; i++) {
                if (audit.record(event(AuditEvent.Kind.REJECTED, "flood"))) {
                    accepted++;
                }
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(16, accepted, "the queue holds its capacity and no more");
            assertEquals(9_984, audit.dropped());
            assertEquals(16, audit.queued());
            assertTrue(tookMillis < 2_000, "recording never waited: " + tookMillis + " ms");
            release.countDown();
            assertTrue(audit.flush(WAIT));

            List<AuditEvent> warnings = warnings(heard);
            assertEquals(1, warnings.size(), "one warning, not one per drop");
            assertEquals("audit_events_dropped", warnings.get(0).reason());
            assertEquals(9_984L, warnings.get(0).details().get("dropped"));
            assertEquals(16, audit.delivered(AuditEvent.Kind.REJECTED));

            // More drops within the minute are reported only once the minute has passed.
            holdAndFlood(audit, 20);
            assertTrue(audit.flush(WAIT));
            assertEquals(1, warnings(heard).size());
            clock.advance(AuditLog.DROP_REPORT_INTERVAL);
            Eventually.within(WAIT, "the next report", () -> warnings(heard).size() == 2);
            AuditEvent second = warnings(heard).get(1);
            assertEquals(4L, second.details().get("dropped"));
            assertEquals(9_988L, second.details().get("dropped_total"));
        }
    }

    /** Holds the audit thread while {@code count} events are recorded into a queue of 16. */
    private static void holdAndFlood(AuditLog audit, int count) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        audit.execute(() -> {
            blocked.countDown();
            awaitQuietly(release);
        });
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < count; i++) {
            audit.record(event(AuditEvent.Kind.REJECTED, "flood"));
        }
        release.countDown();
    }

    private static List<AuditEvent> warnings(List<AuditEvent> events) {
        synchronized (events) {
            return events.stream().filter(e -> e.kind() == AuditEvent.Kind.WARNING)
                    .collect(Collectors.toList());
        }
    }

    @Test
    void closeDeliversWhatIsQueuedStopsTheThreadAndRefusesMore() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        AuditLog audit = new AuditLog(MutableClock.startingNow(), 100, 10);
        audit.addListener(e -> heard.add(e.reason()));
        for (int i = 0; i < 50; i++) {
            audit.record(event(AuditEvent.Kind.ISSUED, "e" + i));
        }
        assertTrue(auditThreads() >= 1);
        audit.close();
        assertEquals(50, heard.size(), "queued events were delivered before the thread stopped");
        assertTrue(audit.isClosed());
        assertFalse(audit.record(event(AuditEvent.Kind.ISSUED, "late")));
        assertFalse(audit.execute(() -> { }));
        assertEquals(0, audit.dropped(), "a refusal after close is not a drop");
        audit.close();
    }

    @Test
    void theAuditThreadIsADaemonNamedPerimeterAuditAndStopsOnClose() throws Exception {
        long before = auditThreads();
        AuditLog audit = new AuditLog(MutableClock.startingNow(), 100, 10);
        assertEquals(before + 1, auditThreads());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> AuditLog.THREAD_NAME.equals(t.getName())).allMatch(Thread::isDaemon));
        audit.close();
        Eventually.within(WAIT, "the thread stopped", () -> auditThreads() == before);
    }

    @Test
    void anAuditingStoreRecordsEachRevocationAndEachRefusedOne() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        Instant exp = clock.instant().plusSeconds(300);
        try (AuditLog audit = new AuditLog(clock, 100, 10)) {
            MemoryRevocationStore memory = new MemoryRevocationStore(clock, Duration.ZERO);
            RevocationStore store = audit.auditing(memory);
            store.revokeToken("jti-1", exp);
            store.revokeSubject("bob", clock.instant());
            assertTrue(memory.isRevoked("jti-1", null, null), "the revocation itself happened");
            assertTrue(store.isRevoked(null, "bob", clock.instant().minusSeconds(1)));

            RevocationStore failing = audit.auditing(new RefusingStore());
            RevocationStoreException refused = assertThrows(RevocationStoreException.class,
                    () -> failing.revokeToken("jti-2", exp));
            assertEquals("database down", refused.getMessage());
            assertTrue(audit.flush(WAIT));

            List<AuditEvent> events = audit.recent(10);
            assertEquals(3, events.size());
            AuditEvent token = events.get(2);
            assertEquals(AuditEvent.Kind.REVOKED, token.kind());
            assertEquals("success", token.outcome());
            assertEquals("token", token.reason());
            assertEquals("jti-1", token.tokenId());
            assertNull(token.subject());
            assertEquals(exp.toString(), token.details().get("expires_at"));
            AuditEvent subject = events.get(1);
            assertEquals("subject", subject.reason());
            assertEquals("bob", subject.subject());
            AuditEvent failed = events.get(0);
            assertEquals("failure", failed.outcome());
            assertEquals("jti-2", failed.tokenId());
            assertTrue(String.valueOf(failed.details().get("error")).contains("database down"));
            assertEquals(RevocationHealth.Status.LOCAL, store.health().status());
        }
    }

    /** A shared store whose database is down. */
    private static final class RefusingStore implements RevocationStore {
        @Override
        public boolean isRevoked(String jti, String subject, Instant issuedAt) {
            return false;
        }

        @Override
        public void revokeToken(String jti, Instant expiresAt) {
            throw new RevocationStoreException("database down", null);
        }

        @Override
        public void revokeSubject(String subject, Instant cutoff) {
            throw new RevocationStoreException("database down", null);
        }

        @Override
        public String describe() {
            return "refusing";
        }
    }

    private static List<String> reasons(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::reason).collect(Collectors.toList());
    }

    private static long auditThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && AuditLog.THREAD_NAME.equals(t.getName())).count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
