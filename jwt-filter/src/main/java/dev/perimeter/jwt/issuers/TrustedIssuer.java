package dev.perimeter.jwt.issuers;

import java.net.URI;
import java.util.Objects;

/**
 * An issuer trusted at run time and where its keys come from: a JWKS URL, or (when
 * {@code jwks} is null) its OpenID Connect discovery document. Its keys vouch for its tokens only.
 *
 * @param issuer the {@code iss} value, matched exactly
 * @param jwks   the key set's URL, or null to discover it from {@code <issuer>/.well-known/openid-configuration}
 */
public record TrustedIssuer(String issuer, URI jwks) {

    /** @throws IllegalArgumentException for a blank issuer or one with white space */
    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank() || !issuer.equals(issuer.strip()) || issuer.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an issuer must be non-blank text without white space");
        }
    }

    /** An issuer whose keys are found by OpenID Connect discovery. */
    public static TrustedIssuer discovered(String issuer) {
        return new TrustedIssuer(issuer, null);
    }

    /** An issuer whose keys are the JWKS at {@code jwks}. */
    public static TrustedIssuer withJwks(String issuer, URI jwks) {
        return new TrustedIssuer(issuer, Objects.requireNonNull(jwks, "jwks"));
    }

    @Override
    public String toString() {
        return issuer + (jwks == null ? " (discovery)" : " " + jwks);
    }
}
