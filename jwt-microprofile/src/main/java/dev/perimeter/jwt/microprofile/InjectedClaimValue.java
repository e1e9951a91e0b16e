package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.microprofile.claims.ClaimTarget;
import java.io.Serializable;
import org.eclipse.microprofile.jwt.ClaimValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * An injected {@code ClaimValue}: reads the claim from the current request's token on every
 * {@link #getValue()} (through the request-scoped {@code JsonWebToken} proxy), so it stays right
 * in an application-scoped bean. Serializable for session-scoped beans.
 */
final class InjectedClaimValue<T> implements ClaimValue<T>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final ClaimTarget target;
    private final JsonWebToken currentToken;

    InjectedClaimValue(String name, ClaimTarget target, JsonWebToken currentToken) {
        this.name = name;
        this.target = target;
        this.currentToken = currentToken;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getValue() {
        return (T) target.convert(name, currentToken.getClaim(name));
    }

    /** The claim's name only: its value may be personal data. */
    @Override
    public String toString() {
        return "ClaimValue[" + name + "]";
    }
}
