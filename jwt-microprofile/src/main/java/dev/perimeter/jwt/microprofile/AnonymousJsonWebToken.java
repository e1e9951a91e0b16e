package dev.perimeter.jwt.microprofile;

import java.io.Serializable;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@code JsonWebToken} of a request without a verified token: no name, no claim names, no
 * claims (as the TCK's {@code EmptyTokenEndpoint} expects). Its {@code long} getters
 * ({@code getExpirationTime}) throw, as the API's default methods unbox a null.
 */
final class AnonymousJsonWebToken implements JsonWebToken, Serializable {

    static final AnonymousJsonWebToken INSTANCE = new AnonymousJsonWebToken();

    private static final long serialVersionUID = 1L;

    private AnonymousJsonWebToken() {
    }

    @Override
    public String getName() {
        return null;
    }

    @Override
    public Set<String> getClaimNames() {
        return null;
    }

    @Override
    public <T> T getClaim(String claimName) {
        return null;
    }

    @Override
    public String toString() {
        return "AnonymousJsonWebToken";
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
