package dev.perimeter.jwt.internal;

import java.nio.charset.StandardCharsets;

/**
 * The three segments of a compact JWS, located and checked for canonical base64url before any of
 * them is decoded or parsed. Holds offsets into the original string, so splitting costs no copy.
 */
public final class CompactJws {

    private final String token;
    private final int firstDot;
    private final int secondDot;

    private CompactJws(String token, int firstDot, int secondDot) {
        this.token = token;
        this.firstDot = firstDot;
        this.secondDot = secondDot;
    }

    /**
     * Splits {@code token} into its segments, or returns null when it is not exactly three
     * canonical base64url segments with a non-empty header and signature. The payload may be
     * empty: RFC 7515 allows any octet sequence, the empty one included, and the signature still
     * covers it. (An empty payload is no claim set, so {@code TokenVerifier} refuses it later.)
     */
    public static CompactJws split(String token) {
        int firstDot = token.indexOf('.');
        if (firstDot <= 0) {
            return null;
        }
        int secondDot = token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || secondDot == token.length() - 1
                || token.indexOf('.', secondDot + 1) >= 0) {
            return null;
        }
        if (!Base64Url.isCanonical(token, 0, firstDot)
                || !Base64Url.isCanonical(token, firstDot + 1, secondDot)
                || !Base64Url.isCanonical(token, secondDot + 1, token.length())) {
            return null;
        }
        return new CompactJws(token, firstDot, secondDot);
    }

    public String token() {
        return token;
    }

    public String encodedHeader() {
        return token.substring(0, firstDot);
    }

    public String encodedPayload() {
        return token.substring(firstDot + 1, secondDot);
    }

    public String encodedSignature() {
        return token.substring(secondDot + 1);
    }

    public byte[] decodeHeader() {
        return Base64Url.decode(token, 0, firstDot);
    }

    public byte[] decodePayload() {
        return Base64Url.decode(token, firstDot + 1, secondDot);
    }

    public byte[] decodeSignature() {
        return Base64Url.decode(token, secondDot + 1, token.length());
    }

    /** The ASCII bytes of {@code header.payload}, which the signature covers. */
    public byte[] signingInput() {
        return token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    }
}
