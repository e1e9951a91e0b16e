package dev.perimeter.example.users;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Logger;

/**
 * The demo users of the design, created when the user table is empty: {@code alice} /
 * {@code alice-password} with the role {@code user}, and {@code admin} / {@code admin-password}
 * with {@code user} and {@code admin}. Their passwords are public knowledge: change or remove
 * them before anyone else can reach the application.
 */
public final class DemoUsers {

    private static final Logger LOG = Logger.getLogger(DemoUsers.class.getName());

    private DemoUsers() {
    }

    /** Creates the demo users if {@code users} holds none; returns whether it did. */
    public static boolean createIfEmpty(UserStore users, PasswordHasher hasher) {
        if (!users.isEmpty()) {
            return false;
        }
        users.add("alice", hasher.hash("alice-password".toCharArray()), new LinkedHashSet<>(List.of("user")));
        users.add("admin", hasher.hash("admin-password".toCharArray()),
                new LinkedHashSet<>(List.of("user", "admin")));
        LOG.warning("Perimeter example: created the demo users alice and admin, whose passwords are"
                + " in the README; do not expose this application with them");
        return true;
    }
}
