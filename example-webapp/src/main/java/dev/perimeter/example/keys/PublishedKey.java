package dev.perimeter.example.keys;

import java.time.Instant;
import java.util.Map;

/**
 * A public key in the JWKS: the signer's (published without end), or a retired one, published
 * until every token it signed has expired.
 *
 * @param kid             its {@code kid}
 * @param jwk             the public JWK
 * @param publishedUntil  when it leaves the set, or null for the current signer
 */
public record PublishedKey(String kid, Map<String, Object> jwk, Instant publishedUntil) {

    /** Whether the key is still published at {@code now}. */
    public boolean isPublishedAt(Instant now) {
        return publishedUntil == null || now.isBefore(publishedUntil);
    }
}
