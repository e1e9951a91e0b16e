package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.Rejection;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** RunAs binds a token to the calling thread for one call and nowhere else. */
class RunAsTest {

    private static final Jwt OUTER = Tokens.jwt("outer", "user");
    private static final Jwt INNER = Tokens.jwt("inner", "admin");

    @Test
    void theTokenIsCurrentDuringTheCallAndGoneAfterIt() throws Exception {
        assertSame(OUTER, RunAs.runAs(OUTER, RunAs::current));
        assertNull(RunAs.current());
    }

    @Test
    void aNestedCallRestoresTheOuterToken() throws Exception {
        RunAs.runAs(OUTER, () -> {
            assertSame(INNER, RunAs.runAs(INNER, RunAs::current));
            assertSame(OUTER, RunAs.current());
            return null;
        });
        assertNull(RunAs.current());
    }

    @Test
    void anExceptionStillClearsTheThread() {
        assertThrows(IllegalStateException.class, () -> RunAs.runAs(OUTER, () -> {
            throw new IllegalStateException("boom");
        }));
        assertNull(RunAs.current());
    }

    @Test
    void aThreadStartedInsideDoesNotInheritTheToken() throws Exception {
        AtomicReference<Jwt> seen = new AtomicReference<>(OUTER);
        RunAs.runAs(OUTER, () -> {
            Thread thread = new Thread(() -> seen.set(RunAs.current()));
            thread.start();
            thread.join();
            return null;
        });
        assertNull(seen.get());
    }

    @Test
    void aRawTokenIsVerifiedBeforeItBecomesCurrent() throws Exception {
        assertEquals("carol", RunAs.runAs(Tokens.verifier(), Tokens.token("carol", "user"),
                () -> RunAs.current().name()));
        NotAuthenticatedException e = assertThrows(NotAuthenticatedException.class,
                () -> RunAs.runAs(Tokens.verifier(), "not-a-token", RunAs::current));
        assertEquals(Rejection.MALFORMED, e.rejection());
        assertEquals(401, e.answer((String) null).status());
        assertNull(RunAs.current());
    }
}
