package dev.perimeter.it.support;

/** An access token and its refresh token, as {@code /auth/login} and {@code /auth/refresh} give them. */
public record TokenPair(String access, String refresh) {

    @Override
    public String toString() {
        return "TokenPair[…]"; // never the tokens themselves
    }
}
