package dev.perimeter.it.containers;

import java.security.SecureRandom;
import java.util.Base64;

/** New random passwords for what a node generates (key stores, a bootstrap administrator). */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 24 characters of base64url, 144 random bits. */
    static String random() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
