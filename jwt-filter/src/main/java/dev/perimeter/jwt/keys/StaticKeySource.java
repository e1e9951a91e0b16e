package dev.perimeter.jwt.keys;

import java.util.Objects;

/** Keys fixed at start: secrets, PEM keys and JWKS documents read from files or the WAR. */
public final class StaticKeySource implements KeySource {

    private final KeySet keys;

    public StaticKeySource(KeySet keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public KeySet current() {
        return keys;
    }

    @Override
    public String toString() {
        return keys.toString();
    }
}
