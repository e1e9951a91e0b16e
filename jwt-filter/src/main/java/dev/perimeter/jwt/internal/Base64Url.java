package dev.perimeter.jwt.internal;

import java.util.Arrays;
import java.util.Base64;

/**
 * Canonical base64url (RFC 7515 section 2): the URL-safe alphabet, no padding, and the unused
 * bits of the last character zero. Anything else has two spellings of the same bytes, which lets
 * an attacker mint "different" tokens from one signature, so it is refused.
 */
public final class Base64Url {

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** The value of each ASCII character in the URL-safe alphabet, -1 for the others. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {
    }

    /** Whether {@code s[from, to)} is canonical base64url; the empty range is. */
    public static boolean isCanonical(String s, int from, int to) {
        int length = to - from;
        if (length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = from; i < to; i++) {
            last = valueOf(s.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        switch (length % 4) {
            case 2:
                return (last & 0x0F) == 0;
            case 3:
                return (last & 0x03) == 0;
            default:
                return true;
        }
    }

    /** Decodes a range already known to be canonical. */
    public static byte[] decode(String s, int from, int to) {
        return DECODER.decode(s.substring(from, to));
    }

    /** Decodes a whole string, returning null when it is not canonical base64url. */
    public static byte[] decodeCanonical(String s) {
        return isCanonical(s, 0, s.length()) ? DECODER.decode(s) : null;
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    private static int valueOf(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }
}
