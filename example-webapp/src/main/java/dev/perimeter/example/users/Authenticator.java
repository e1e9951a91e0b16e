package dev.perimeter.example.users;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a name and password. An unknown name costs the same hash work as a known one: its
 * password is checked against a decoy, a stored hash of the same scheme and iteration count made
 * of random bytes, which nothing matches. So neither the answer nor its timing tells whether a
 * user exists.
 */
public final class Authenticator {

    private final UserStore users;
    private final PasswordHasher hasher;
    private final String decoy;

    public Authenticator(UserStore users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] hash = new byte[32];
        random.nextBytes(salt);
        random.nextBytes(hash);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        this.decoy = "pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$" + base64.encodeToString(salt)
                + "$" + base64.encodeToString(hash);
    }

    /** The user whose name and password these are, or empty. */
    public Optional<User> authenticate(String username, char[] password) {
        Optional<User> user = users.find(username);
        boolean matches = hasher.matches(password, user.map(User::passwordHash).orElse(decoy));
        return matches ? user : Optional.empty();
    }
}
