package dev.perimeter.jwt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

    private static boolean canonical(String s) {
        return Base64Url.isCanonical(s, 0, s.length());
    }

    @Test
    void unpaddedUrlSafeTextIsCanonical() {
        assertTrue(canonical("Zm9v"));
        assertTrue(canonical("Zm8"));
        assertTrue(canonical("Zg"));
        assertTrue(canonical(""));
        assertTrue(canonical("-_-_"));
    }

    @Test
    void paddingIsRefused() {
        assertFalse(canonical("Zg=="));
        assertFalse(canonical("Zm8="));
    }

    @Test
    void theStandardAlphabetsPlusAndSlashAreRefused() {
        assertFalse(canonical("+/+/"));
    }

    @Test
    void nonZeroUnusedBitsInTheLastCharacterAreRefused() {
        // "Zg" is 'f'; "Zh" decodes to the same byte with a stray low bit set.
        assertFalse(canonical("Zh"));
        assertFalse(canonical("Zm9"));
        assertTrue(canonical("Zm8"));
    }

    @Test
    void aLengthOfOneModuloFourIsRefused() {
        assertFalse(canonical("Zm9vY"));
    }

    @Test
    void whitespaceAndOtherCharactersAreRefused() {
        assertFalse(canonical("Zm 9"));
        assertFalse(canonical("Zm9\n"));
        assertFalse(canonical("Zm.v"));
    }

    @Test
    void decodeCanonicalReturnsNullForNonCanonicalText() {
        assertNull(Base64Url.decodeCanonical("Zh"));
        assertArrayEquals("foo".getBytes(StandardCharsets.US_ASCII), Base64Url.decodeCanonical("Zm9v"));
    }
}
