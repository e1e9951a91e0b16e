package dev.perimeter.example.users;

import dev.perimeter.example.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Users in the {@code example_user} table. */
public final class UserStore {

    private final Database database;
    private final Clock clock;

    public UserStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The user named {@code username}, exactly (names are case-sensitive). */
    public Optional<User> find(String username) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT username, password_hash, roles FROM example_user WHERE username = ?")) {
                select.setString(1, username);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new User(row.getString(1), row.getString(2),
                            roles(row.getString(3))));
                }
            }
        });
    }

    /**
     * The users by name, at most {@code limit} of them, for the admin view: names and roles (the
     * password hashes stay behind).
     */
    public List<User> list(int limit) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT username, roles FROM example_user ORDER BY username")) {
                select.setMaxRows(limit);
                List<User> users = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        users.add(new User(row.getString(1), "", roles(row.getString(2))));
                    }
                }
                return users;
            }
        });
    }

    /** Whether the table has no user at all. */
    public boolean isEmpty() {
        return database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM example_user")) {
                row.next();
                return row.getLong(1) == 0;
            }
        });
    }

    /** Adds a user with an already computed password hash. */
    public void add(String username, String passwordHash, Set<String> roles) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO example_user"
                    + " (username, password_hash, roles, created_ms) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, username);
                insert.setString(2, passwordHash);
                insert.setString(3, String.join(" ", roles));
                insert.setLong(4, clock.millis());
                return insert.executeUpdate();
            }
        });
    }

    /** Roles as stored: separated by spaces. */
    private static Set<String> roles(String stored) {
        Set<String> roles = new LinkedHashSet<>(Arrays.asList(stored.trim().split("\\s+")));
        roles.remove("");
        return Collections.unmodifiableSet(roles);
    }
}
