package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.Claim;
import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/** A request-scoped bean with every kind of token injection that tolerates no token. */
@RequestScoped
public class ClaimsBean {

    @Inject
    CurrentJwt current;

    @Inject
    Optional<Jwt> jwt;

    @Inject
    @Claim("sub")
    Optional<String> subject;

    @Inject
    @Claim("iat")
    Optional<Long> issuedAt;

    @Inject
    @Claim("email_verified")
    Optional<Boolean> emailVerified;

    @Inject
    @Claim("groups")
    Set<String> groups;

    @Inject
    @Claim("realm_access.roles")
    Set<String> realmRoles;

    @Inject
    @Claim("https://example.com/tenant")
    Optional<String> tenant;

    @Inject
    @Claim("absent")
    Optional<String> absent;

    public CurrentJwt current() {
        return current;
    }

    public Optional<Jwt> jwt() {
        return jwt;
    }

    public Optional<String> subject() {
        return subject;
    }

    public Optional<Long> issuedAt() {
        return issuedAt;
    }

    public Optional<Boolean> emailVerified() {
        return emailVerified;
    }

    public Set<String> groups() {
        return groups;
    }

    public Set<String> realmRoles() {
        return realmRoles;
    }

    public Optional<String> tenant() {
        return tenant;
    }

    public Optional<String> absent() {
        return absent;
    }
}
