package dev.perimeter.example.users;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The example's second factor: a TOTP code (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, the
 * default of authenticator apps), checked with java-otp. A login that carries a right code is
 * {@code acr} {@code mfa}; one without, {@code pwd}.
 *
 * <p><strong>Demo secrets.</strong> The demo users' TOTP secrets are fixed and published (in
 * base32, as authenticator apps take them): alice {@value #ALICE_SECRET}, admin
 * {@value #ADMIN_SECRET}. Like their passwords they are public knowledge; a real application
 * enrols a secret per user and keeps it as carefully as a password hash. Codes of the step
 * before and after the current one are accepted (clock skew); a code is not remembered as used,
 * so it can be replayed within its 90 seconds, which a real application would refuse.
 */
public final class SecondFactor {

    /** The {@code acr} of a login with a password and a right code. */
    public static final String MFA = "mfa";
    /** The {@code acr} of a login with a password only. */
    public static final String PASSWORD = "pwd";

    /** alice's demo TOTP secret, base32. */
    public static final String ALICE_SECRET = "JBSWY3DPEHPK3PXP";
    /** admin's demo TOTP secret, base32. */
    public static final String ADMIN_SECRET = "KRSXG5CTMVRXEZLUKN2XAZLS";

    private static final Map<String, String> DEMO_SECRETS = Map.of("alice", ALICE_SECRET,
            "admin", ADMIN_SECRET);

    private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
    private final Clock clock;

    public SecondFactor(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code code} is {@code username}'s current TOTP code (or of a step beside it). */
    public boolean verify(String username, String code) {
        Optional<SecretKeySpec> key = keyOf(username);
        if (key.isEmpty() || code == null || !code.matches("[0-9]{6}")) {
            return false;
        }
        Instant now = clock.instant();
        Duration step = totp.getTimeStep();
        boolean match = false;
        for (int offset = -1; offset <= 1; offset++) {
            // compare every step, in constant time, so timing tells nothing about which matched
            match |= MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII),
                    codeAt(key.get(), now.plus(step.multipliedBy(offset)))
                            .getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    /** {@code username}'s code at {@code instant}, for tests and the demo; empty without a secret. */
    public Optional<String> codeAt(String username, Instant instant) {
        return keyOf(username).map(key -> codeAt(key, instant));
    }

    private String codeAt(SecretKeySpec key, Instant instant) {
        try {
            return String.format("%06d", totp.generateOneTimePassword(key, instant));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("an HMAC key is always valid", e);
        }
    }

    private Optional<SecretKeySpec> keyOf(String username) {
        String secret = DEMO_SECRETS.get(username);
        return secret == null ? Optional.empty()
                : Optional.of(new SecretKeySpec(base32(secret), totp.getAlgorithm()));
    }

    /** RFC 4648 base32 without padding, as authenticator apps show secrets. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : text.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
