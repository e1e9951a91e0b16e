package dev.perimeter.example.api;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.CurrentJwt;
import dev.perimeter.jwt.cdi.StepUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/payments}: asks for step-up (RFC 9470). The role {@code user}, a login with the
 * second factor ({@code acr} {@code mfa}) and no older than 300 seconds; a token short of that
 * gets 401 {@code insufficient_user_authentication} naming {@code acr_values="mfa"} and {@code
 * max_age="300"}, and the page asks for the code. The annotation protects it, enforced by
 * jwt-cdi in filter mode and in container mode alike (the container's constraints, translated
 * from {@code rules}, know roles only).
 */
@jakarta.ws.rs.Path("payments")
@RequestScoped
@RolesAllowed("user")
public class PaymentsResource {

    /** The step-up this resource asks for: the acr and max-age of its annotation. */
    static final long MAX_AGE_SECONDS = 300;

    @Inject
    CurrentJwt caller;

    /** {@code {"sub","acr","auth_time","payments":[…]}}: the demo's made-up payments. */
    @GET
    @StepUp(acr = "mfa", maxAge = MAX_AGE_SECONDS)
    @Produces(MediaType.APPLICATION_JSON)
    public String payments() {
        Jwt jwt = caller.require();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", jwt.subject());
        body.put("acr", jwt.stringClaim("acr"));
        body.put("auth_time", jwt.claim("auth_time"));
        body.put("payments", List.of("2026-12-01 rent 950.00", "2026-12-03 groceries 84.20"));
        return JsonText.of(body);
    }
}
