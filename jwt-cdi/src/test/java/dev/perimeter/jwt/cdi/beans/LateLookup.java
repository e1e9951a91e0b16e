package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.Claim;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** An application-scoped bean that reads the token per call through Instance. */
@ApplicationScoped
public class LateLookup {

    @Inject
    @Claim("sub")
    Instance<String> subject;

    @Inject
    @Claim("sub")
    Instance<Long> subjectAsNumber;

    @Inject
    Instance<Jwt> jwt;

    public String subject() {
        return subject.get();
    }

    public Long subjectAsNumber() {
        return subjectAsNumber.get();
    }

    public Jwt jwt() {
        return jwt.get();
    }
}
