package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.Claim;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** A request-scoped bean whose plain injections require a token. */
@RequestScoped
public class StrictClaimsBean {

    @Inject
    Jwt jwt;

    @Inject
    @Claim("sub")
    String subject;

    @Inject
    @Claim("iat")
    Long issuedAt;

    @Inject
    @Claim("email_verified")
    Boolean emailVerified;

    @Inject
    @Claim("absent")
    String absent;


    public Jwt jwt() {
        return jwt;
    }

    public String subject() {
        return subject;
    }

    public Long issuedAt() {
        return issuedAt;
    }

    public Boolean emailVerified() {
        return emailVerified;
    }

    public String absent() {
        return absent;
    }
}
