package dev.perimeter.jwt.cdi.payara;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.Claim;
import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** A bean that injects Perimeter's and MicroProfile's claims side by side. */
@RequestScoped
public class BothKindsOfClaims {

    @Inject
    @Claim("sub")
    Optional<String> perimeterSubject;

    @Inject
    @org.eclipse.microprofile.jwt.Claim("sub")
    Optional<String> microProfileSubject;

    @Inject
    @Claim("sub")
    String perimeterPlainSubject;

    @Inject
    @org.eclipse.microprofile.jwt.Claim("sub")
    String microProfilePlainSubject;

    @Inject
    Jwt jwt;

    @Inject
    CurrentJwt current;

    public String describe() {
        return perimeterSubject.orElse("-") + " " + microProfileSubject.orElse("-") + " "
                + perimeterPlainSubject + " " + microProfilePlainSubject + " " + jwt.subject()
                + " " + current.require().subject();
    }
}
