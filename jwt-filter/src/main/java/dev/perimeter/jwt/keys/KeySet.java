package dev.perimeter.jwt.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable table of verification keys, built once and read without locks.
 *
 * <p>Keys bound to an issuer answer only tokens of that issuer; keys without an issuer answer
 * tokens of every accepted issuer. Among the keys that may answer a token's issuer: a token that
 * names a {@code kid} is verified only by the key with that id and the token's {@code alg}; when
 * no key has that id, by a key configured without an id for that algorithm. A token without a
 * {@code kid} is verified by the key without an id for its algorithm or, when there is none, by
 * the only key for its algorithm. Two keys that would answer the same token are refused when the
 * set is built, so lookup never has to guess.
 */
public final class KeySet {

    private static final KeySet EMPTY = new KeySet(List.of());

    private final List<VerificationKey> keys;
    /** For each issuer that has keys of its own: its keys plus the keys of every issuer. */
    private final Map<String, Table> byIssuer = new HashMap<>();
    /** The keys of every issuer, for tokens whose issuer has none of its own. */
    private final Table shared;

    private KeySet(List<VerificationKey> keys) {
        this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
        List<VerificationKey> unbound = new ArrayList<>();
        Set<String> issuers = new LinkedHashSet<>();
        for (VerificationKey key : keys) {
            if (key.issuer() == null) {
                unbound.add(key);
            } else {
                issuers.add(key.issuer());
            }
        }
        shared = new Table(unbound);
        for (String issuer : issuers) {
            List<VerificationKey> forIssuer = new ArrayList<>(unbound);
            for (VerificationKey key : keys) {
                if (issuer.equals(key.issuer())) {
                    forIssuer.add(key);
                }
            }
            byIssuer.put(issuer, new Table(forIssuer));
        }
    }

    /**
     * Builds a key set.
     *
     * @throws IllegalArgumentException when two keys would answer the same token: the same key id
     *                                  (or both none) and algorithm, for an overlapping issuer
     */
    public static KeySet of(List<VerificationKey> keys) {
        return keys.isEmpty() ? EMPTY : new KeySet(keys);
    }

    /** The key for a token of {@code issuer} (may be null) with {@code kid} and {@code alg}, or null. */
    public VerificationKey find(String issuer, String keyId, JwsAlgorithm algorithm) {
        return table(issuer).find(keyId, algorithm);
    }

    /** The key for a token whose issuer is not known, among keys of every issuer; or null. */
    public VerificationKey find(String keyId, JwsAlgorithm algorithm) {
        return shared.find(keyId, algorithm);
    }

    /** Whether some key that may answer {@code issuer} carries this id, whatever its algorithm. */
    public boolean hasKeyId(String issuer, String keyId) {
        return keyId != null && table(issuer).byKeyId.containsKey(keyId);
    }

    /** Whether some key of every issuer carries this id, whatever its algorithm. */
    public boolean hasKeyId(String keyId) {
        return hasKeyId(null, keyId);
    }

    public List<VerificationKey> keys() {
        return keys;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** This set and {@code other} together. */
    public KeySet plus(KeySet other) {
        if (other.isEmpty()) {
            return this;
        }
        List<VerificationKey> all = new ArrayList<>(keys);
        all.addAll(other.keys);
        return of(all);
    }

    private Table table(String issuer) {
        Table table = issuer == null ? null : byIssuer.get(issuer);
        return table != null ? table : shared;
    }

    @Override
    public String toString() {
        return keys.toString();
    }

    /** The lookup rules over one group of keys. */
    private static final class Table {
        private final Map<String, Map<JwsAlgorithm, VerificationKey>> byKeyId = new HashMap<>();
        private final Map<JwsAlgorithm, VerificationKey> withoutKeyId = new EnumMap<>(JwsAlgorithm.class);
        private final Map<JwsAlgorithm, VerificationKey> onlyKeyOfAlgorithm = new EnumMap<>(JwsAlgorithm.class);

        Table(List<VerificationKey> keys) {
            Map<JwsAlgorithm, Integer> perAlgorithm = new EnumMap<>(JwsAlgorithm.class);
            for (VerificationKey key : keys) {
                Map<JwsAlgorithm, VerificationKey> slot = key.keyId() == null
                        ? withoutKeyId
                        : byKeyId.computeIfAbsent(key.keyId(), k -> new EnumMap<>(JwsAlgorithm.class));
                VerificationKey previous = slot.putIfAbsent(key.algorithm(), key);
                if (previous != null) {
                    throw new IllegalArgumentException("two keys answer the same tokens: "
                            + previous + " and " + key);
                }
                perAlgorithm.merge(key.algorithm(), 1, Integer::sum);
            }
            for (VerificationKey key : keys) {
                if (perAlgorithm.get(key.algorithm()) == 1) {
                    onlyKeyOfAlgorithm.put(key.algorithm(), key);
                }
            }
        }

        VerificationKey find(String keyId, JwsAlgorithm algorithm) {
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
    }
}
