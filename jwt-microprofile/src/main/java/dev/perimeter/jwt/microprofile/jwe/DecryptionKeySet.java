package dev.perimeter.jwt.microprofile.jwe;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the one configured key for a JWE, by its header {@code kid} and {@code alg}. Never tries
 * several keys: a token opens with exactly one key or not at all.
 * <ul>
 * <li>With a {@code kid}: the key with that kid. A configuration of a single key without a kid
 * (a PEM key, or a lone JWK without one) serves any kid, as the TCK's PEM-keyed tests need.</li>
 * <li>Without a {@code kid}: the one key that serves the header's alg; none or several is a refusal.</li>
 * </ul>
 */
final class DecryptionKeySet {

    private final List<DecryptionKey> keys;

    DecryptionKeySet(List<DecryptionKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("mp.jwt.decrypt.key.location: no decryption key");
        }
        Set<String> kids = new HashSet<>();
        for (DecryptionKey key : keys) {
            if (key.kid() != null && !kids.add(key.kid())) {
                throw new IllegalArgumentException("mp.jwt.decrypt.key.location: two keys have the same kid '"
                        + (key.kid().length() <= 40 ? key.kid() : key.kid().substring(0, 40) + "...")
                        + "': a token's kid must name one key");
            }
        }
        this.keys = List.copyOf(keys);
    }

    Optional<DecryptionKey> select(String kid, String jweAlgorithm) {
        if (kid != null) {
            for (DecryptionKey key : keys) {
                if (kid.equals(key.kid())) {
                    return key.servesAlgorithm(jweAlgorithm) ? Optional.of(key) : Optional.empty();
                }
            }
            return soleKeyWithoutKid().filter(key -> key.servesAlgorithm(jweAlgorithm));
        }
        DecryptionKey found = null;
        for (DecryptionKey key : keys) {
            if (key.servesAlgorithm(jweAlgorithm)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<DecryptionKey> soleKeyWithoutKid() {
        return keys.size() == 1 && keys.get(0).kid() == null ? Optional.of(keys.get(0)) : Optional.empty();
    }
}
