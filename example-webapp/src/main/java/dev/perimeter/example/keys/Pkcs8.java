package dev.perimeter.example.keys;

/**
 * Just enough DER to find the public point that OpenSSL keeps inside a PKCS#8 EC private key:
 * {@code PrivateKeyInfo.privateKey} holds an RFC 5915 {@code ECPrivateKey} whose optional
 * {@code [1] publicKey} is a BIT STRING with the uncompressed point.
 */
final class Pkcs8 {

    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int BIT_STRING = 0x03;
    private static final int CONTEXT_1 = 0xA1;

    private final byte[] der;
    private int position;
    private int end;

    private Pkcs8(byte[] der, int start, int end) {
        this.der = der;
        this.position = start;
        this.end = end;
    }

    /** The point {@code 04 || x || y}, or null when the key does not carry it. */
    static byte[] ecPublicPoint(byte[] pkcs8) {
        try {
            Pkcs8 info = new Pkcs8(pkcs8, 0, pkcs8.length).enter(SEQUENCE);
            info.skip();                                   // version
            info.skip();                                   // AlgorithmIdentifier
            Pkcs8 ecKey = info.enter(OCTET_STRING).enter(SEQUENCE);
            ecKey.skip();                                  // version
            ecKey.skip();                                  // privateKey
            while (ecKey.position < ecKey.end) {
                if ((ecKey.der[ecKey.position] & 0xFF) == CONTEXT_1) {
                    Pkcs8 bits = ecKey.enter(CONTEXT_1).enter(BIT_STRING);
                    if (bits.der[bits.position] != 0) {
                        return null;                       // unused bits: not a point
                    }
                    byte[] point = new byte[bits.end - bits.position - 1];
                    System.arraycopy(bits.der, bits.position + 1, point, 0, point.length);
                    return point;
                }
                ecKey.skip();
            }
            return null;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads the element at the position, which must have {@code tag}; returns its contents. */
    private Pkcs8 enter(int tag) {
        if ((der[position] & 0xFF) != tag) {
            throw new IllegalArgumentException("unexpected DER tag");
        }
        int[] contents = contents();
        position = contents[1];
        return new Pkcs8(der, contents[0], contents[1]);
    }

    private void skip() {
        position = contents()[1];
    }

    /** Start and end of the contents of the element at the position. */
    private int[] contents() {
        int at = position + 1;
        int length = der[at++] & 0xFF;
        if (length > 0x7F) {
            int bytes = length & 0x7F;
            if (bytes > 3) {
                throw new IllegalArgumentException("DER length too long");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at++] & 0xFF);
            }
        }
        if (at + length > end) {
            throw new IllegalArgumentException("DER element overruns its parent");
        }
        return new int[] {at, at + length};
    }
}
