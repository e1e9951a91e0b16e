package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.beans.AdminService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** Eight threads call one application-scoped bean at once, each as its own caller. */
@EnableWeld
class ConcurrentCallersTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_TASK = 200;

    @WeldSetup
    WeldInitiator weld = TestWeld.initiator(AdminService.class).build();

    @Inject
    AdminService admin;

    @Inject
    CurrentJwt current;

    @Test
    void eightThreadsWithDifferentTokensNeverSeeEachOthersIdentityOrRoles() throws Exception {
        Jwt[] callers = new Jwt[THREADS];
        for (int i = 0; i < THREADS; i++) {
            callers[i] = i % 2 == 0 ? Tokens.jwt("caller-" + i, "admin") : Tokens.jwt("caller-" + i, "user");
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            // Four rounds of tasks on the same eight pooled threads: a thread serves a different
            // caller in each round, so a token left behind would show up as a mix-up.
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < THREADS; i++) {
                    Jwt caller = callers[(i + round) % THREADS];
                    results.add(pool.submit(() -> {
                        start.await();
                        return RunAs.runAs(caller, () -> callRepeatedly(caller));
                    }));
                }
            }
            start.countDown();
            int calls = 0;
            for (Future<Integer> result : results) {
                calls += result.get(60, TimeUnit.SECONDS);
            }
            assertEquals(4 * THREADS * CALLS_PER_TASK, calls);
            List<Future<Boolean>> leftovers = new ArrayList<>();
            for (int i = 0; i < THREADS * 4; i++) {
                leftovers.add(pool.submit(() -> current.isAuthenticated()));
            }
            for (Future<Boolean> leftover : leftovers) {
                assertFalse(leftover.get(10, TimeUnit.SECONDS), "a pooled thread kept a token");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int callRepeatedly(Jwt caller) {
        boolean isAdmin = caller.hasRole("admin");
        for (int n = 0; n < CALLS_PER_TASK; n++) {
            assertEquals(caller.name(), admin.whoami());
            if (isAdmin) {
                assertEquals("summary for " + caller.name(), admin.summary());
            } else {
                assertThrows(AccessDeniedException.class, admin::summary);
            }
        }
        return CALLS_PER_TASK;
    }
}
