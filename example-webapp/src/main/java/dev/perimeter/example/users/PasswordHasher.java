package dev.perimeter.example.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted password hashes with the JDK's PBKDF2WithHmacSHA256: a 16-byte random salt, a 32-byte
 * hash, and {@value #ITERATIONS} iterations, the OWASP Password Storage Cheat Sheet's figure for
 * PBKDF2-HMAC-SHA256 (its 210,000 is for PBKDF2-HMAC-SHA512). Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64), so the count can grow later without
 * invalidating stored hashes. One hash costs about a quarter of a second of one core; see
 * {@code docs/example.md}.
 */
public final class PasswordHasher {

    /** Iterations of new hashes. */
    public static final int ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random = new SecureRandom();
    private final int iterations;

    public PasswordHasher() {
        this(ITERATIONS);
    }

    PasswordHasher(int iterations) {
        this.iterations = iterations;
    }

    /** A new salted hash of {@code password}. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code stored}, compared in constant time. A stored value
     * that is not a hash of this scheme never matches, but costs the same work.
     */
    public boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        byte[] salt;
        byte[] expected;
        int count;
        try {
            if (parts.length != 4 || !SCHEME.equals(parts[0])) {
                throw new IllegalArgumentException("not a " + SCHEME + " hash");
            }
            count = Integer.parseInt(parts[1]);
            if (count < 1) {
                throw new IllegalArgumentException("no iterations");
            }
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            pbkdf2(password, new byte[SALT_BYTES], iterations);
            return false;
        }
        byte[] actual = pbkdf2(password, salt, count);
        return MessageDigest.isEqual(actual, expected);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Overwrites a password held in an array. */
    public static void clear(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
