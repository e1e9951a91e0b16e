package dev.perimeter.example.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashIsSaltedPbkdf2WithTheIterationCountItWasMadeWith() {
        String hash = hasher.hash("alice-password".toCharArray());
        String[] parts = hash.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("600000", parts[1]);
        assertEquals(16, java.util.Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, java.util.Base64.getDecoder().decode(parts[3]).length);
        assertNotEquals(hash, hasher.hash("alice-password".toCharArray()), "a fresh salt each time");
    }

    @Test
    void onlyTheRightPasswordMatches() {
        String hash = hasher.hash("alice-password".toCharArray());
        assertTrue(hasher.matches("alice-password".toCharArray(), hash));
        assertFalse(hasher.matches("alice-passwore".toCharArray(), hash));
        assertFalse(hasher.matches("".toCharArray(), hash));
    }

    @Test
    void aStoredValueOfAnotherSchemeNeverMatches() {
        assertFalse(hasher.matches("x".toCharArray(), "x"));
        assertFalse(hasher.matches("x".toCharArray(), "pbkdf2-sha256$0$AAAA$AAAA"));
        assertFalse(hasher.matches("x".toCharArray(), "bcrypt$12$abc$def"));
    }

    @Test
    void aHashAtTheDefaultCountTakesAFractionOfASecond() {
        hasher.hash("warm-up".toCharArray());
        long start = System.nanoTime();
        int rounds = 3;
        for (int i = 0; i < rounds; i++) {
            hasher.hash("alice-password".toCharArray());
        }
        long millis = (System.nanoTime() - start) / 1_000_000 / rounds;
        System.out.println("PasswordHasher: one PBKDF2-HMAC-SHA256 hash of 600,000 iterations took "
                + millis + " ms");
        assertTrue(millis > 20, "suspiciously fast: " + millis + " ms");
    }
}
