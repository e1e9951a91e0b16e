package dev.perimeter.jwt.dpop;

import dev.perimeter.jwt.internal.Base64Url;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces (RFC 9449 section 9) without state: a nonce is the number of the current period
 * of {@code dpop-nonce-lifetime} and an HMAC-SHA256 of it under {@code dpop-nonce-secret}, so any
 * node with the same secret accepts it and nothing is stored. A nonce is accepted during its
 * period and the next, so a client that fetched one just before a rotation is not refused.
 */
final class DpopNonces {

    private static final int MAC_BYTES = 16;

    private final SecretKeySpec key;
    private final long lifetimeSeconds;
    private final Clock clock;
    /** The nonce of the period it names, made once per period. */
    private volatile Current current = new Current(Long.MIN_VALUE, null);

    private record Current(long period, String nonce) {
    }

    DpopNonces(byte[] secret, long lifetimeSeconds, Clock clock) {
        byte[] keyBytes = secret;
        if (keyBytes == null) {
            keyBytes = new byte[32];
            new SecureRandom().nextBytes(keyBytes);
        }
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
        this.lifetimeSeconds = lifetimeSeconds;
        this.clock = clock;
    }

    /** The nonce to hand out now. */
    String current() {
        long period = period();
        Current known = current;
        if (known.period() != period) {
            known = new Current(period, nonceOf(period));
            current = known;
        }
        return known.nonce();
    }

    /** Whether {@code nonce} is this period's or the previous one's. */
    boolean accepts(String nonce) {
        byte[] bytes = Base64Url.decodeCanonical(nonce);
        if (bytes == null || bytes.length != Long.BYTES + MAC_BYTES) {
            return false;
        }
        long period = ByteBuffer.wrap(bytes).getLong();
        long now = period();
        if (period != now && period != now - 1) {
            return false;
        }
        byte[] mac = Arrays.copyOfRange(bytes, Long.BYTES, bytes.length);
        return MessageDigest.isEqual(mac, mac(period));
    }

    private long period() {
        return Math.floorDiv(clock.instant().getEpochSecond(), lifetimeSeconds);
    }

    private String nonceOf(long period) {
        return Base64Url.encode(ByteBuffer.allocate(Long.BYTES + MAC_BYTES).putLong(period)
                .put(mac(period)).array());
    }

    private byte[] mac(long period) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return Arrays.copyOf(hmac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(period).array()),
                    MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
