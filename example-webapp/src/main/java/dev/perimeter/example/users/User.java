package dev.perimeter.example.users;

import java.util.Set;

/**
 * A user of the example: a name (the tokens' {@code sub}), a password hash, and roles (the
 * tokens' {@code groups}).
 *
 * @param username     the login name and subject
 * @param passwordHash the {@link PasswordHasher} hash; never shown
 * @param roles        the roles, such as {@code user} and {@code admin}
 */
public record User(String username, String passwordHash, Set<String> roles) {

    @Override
    public String toString() {
        return "User[" + username + ", roles=" + roles + "]";
    }
}
