package dev.perimeter.example.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.TestClock;
import dev.perimeter.example.db.Database;
import dev.perimeter.example.db.Schema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    @TempDir
    Path data;
    private Database database;
    private Authenticator authenticator;

    @BeforeEach
    void createAlice() {
        database = Database.open("jdbc:h2:file:" + data.resolve("db"));
        Schema.create(database);
        PasswordHasher hasher = new PasswordHasher();
        UserStore users = new UserStore(database, TestClock.startingNow());
        users.add("alice", hasher.hash("alice-password".toCharArray()), Set.of("user"));
        authenticator = new Authenticator(users, hasher);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theRightNameAndPasswordFindTheUser() {
        assertEquals("alice", authenticator.authenticate("alice", "alice-password".toCharArray())
                .orElseThrow().username());
        assertTrue(authenticator.authenticate("alice", "wrong".toCharArray()).isEmpty());
        assertTrue(authenticator.authenticate("Alice", "alice-password".toCharArray()).isEmpty());
        assertTrue(authenticator.authenticate("nobody", "alice-password".toCharArray()).isEmpty());
    }

    @Test
    void anUnknownNameCostsTheSameHashWorkAsAWrongPassword() {
        authenticator.authenticate("alice", "warm-up".toCharArray());
        long[] known = new long[3];
        long[] unknown = new long[3];
        for (int i = 0; i < 3; i++) {
            known[i] = time(() -> authenticator.authenticate("alice", "wrong".toCharArray()));
            unknown[i] = time(() -> authenticator.authenticate("nobody", "wrong".toCharArray()));
        }
        Arrays.sort(known);
        Arrays.sort(unknown);
        double ratio = (double) unknown[1] / known[1];
        System.out.printf("Authenticator: wrong password %d ms, unknown user %d ms (medians)%n",
                known[1] / 1_000_000, unknown[1] / 1_000_000);
        assertTrue(ratio > 0.5 && ratio < 2.0, "unknown/known = " + ratio);
    }

    private static long time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
