package dev.perimeter.jwt.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable table of verification keys, built once and read without locks.
 *
 * <p>A token that names a {@code kid} is verified only by the key with that id and the token's
 * {@code alg}; when no key has that id, by a key configured without an id for that algorithm. A
 * token without a {@code kid} is verified by the key without an id for its algorithm or, when there
 * is none, by the only key for its algorithm. Two keys that would answer the same token are
 * refused when the set is built, so lookup never has to guess.
 */
public final class KeySet {

    private static final KeySet EMPTY = new KeySet(List.of());

    private final List<VerificationKey> keys;
    private final Map<String, Map<JwsAlgorithm, VerificationKey>> byKeyId = new HashMap<>();
    private final Map<JwsAlgorithm, VerificationKey> withoutKeyId = new EnumMap<>(JwsAlgorithm.class);
    private final Map<JwsAlgorithm, VerificationKey> onlyKeyOfAlgorithm = new EnumMap<>(JwsAlgorithm.class);

    private KeySet(List<VerificationKey> keys) {
        this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
        Map<JwsAlgorithm, Integer> perAlgorithm = new EnumMap<>(JwsAlgorithm.class);
        for (VerificationKey key : keys) {
            Map<JwsAlgorithm, VerificationKey> slot = key.keyId() == null
                    ? withoutKeyId
                    : byKeyId.computeIfAbsent(key.keyId(), k -> new EnumMap<>(JwsAlgorithm.class));
            VerificationKey previous = slot.putIfAbsent(key.algorithm(), key);
            if (previous != null) {
                throw new IllegalArgumentException("two keys answer the same tokens: " + previous
                        + " and " + key);
            }
            perAlgorithm.merge(key.algorithm(), 1, Integer::sum);
        }
        for (VerificationKey key : keys) {
            if (perAlgorithm.get(key.algorithm()) == 1) {
                onlyKeyOfAlgorithm.put(key.algorithm(), key);
            }
        }
    }

    /**
     * Builds a key set.
     *
     * @throws IllegalArgumentException when two keys share a key id (or both lack one) and an
     *                                  algorithm
     */
    public static KeySet of(List<VerificationKey> keys) {
        return keys.isEmpty() ? EMPTY : new KeySet(keys);
    }

    /** The key for a token's {@code kid} (may be null) and {@code alg}, or null. */
    public VerificationKey find(String keyId, JwsAlgorithm algorithm) {
        if (keyId != null) {
            Map<JwsAlgorithm, VerificationKey> named = byKeyId.get(keyId);
            if (named != null) {
                return named.get(algorithm);
            }
            return withoutKeyId.get(algorithm);
        }
        VerificationKey unnamed = withoutKeyId.get(algorithm);
        return unnamed != null ? unnamed : onlyKeyOfAlgorithm.get(algorithm);
    }

    /** Whether some key carries this id, whatever its algorithm. */
    public boolean hasKeyId(String keyId) {
        return keyId != null && byKeyId.containsKey(keyId);
    }

    public List<VerificationKey> keys() {
        return keys;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** This set and {@code other} together. */
    public KeySet plus(KeySet other) {
        List<VerificationKey> all = new ArrayList<>(keys);
        all.addAll(other.keys);
        return of(all);
    }

    @Override
    public String toString() {
        return keys.toString();
    }
}
