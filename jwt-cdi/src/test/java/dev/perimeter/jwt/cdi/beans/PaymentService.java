package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.cdi.StepUp;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** Step-up on a class and on methods, beside {@code @RolesAllowed}. */
@ApplicationScoped
@RolesAllowed("user")
@StepUp(acr = {"mfa", "phr"}, maxAge = 300)
public class PaymentService {

    public String pay() {
        return "paid";
    }

    @StepUp(acr = "phr")
    public String strongOnly() {
        return "strong";
    }

    @PermitAll
    public String rates() {
        return "rates";
    }
}
