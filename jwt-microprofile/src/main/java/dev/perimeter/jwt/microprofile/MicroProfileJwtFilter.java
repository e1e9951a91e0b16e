package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.AuthenticatedRequest;
import dev.perimeter.jwt.servlet.ServletBearerRequest;
import dev.perimeter.jwt.servlet.TokenAdmission;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * MicroProfile JWT's authentication on Perimeter's pipeline: a request that carries a token is
 * admitted only if Perimeter admits it, and then goes on with a {@link PerimeterJsonWebToken} as
 * its caller (servlet {@code getUserPrincipal}, {@code isUserInRole} by {@code groups}, JAX-RS's
 * {@code SecurityContext}, CDI's {@code JsonWebToken}); any token refused is answered 401 (or as
 * the error contract says) whatever the resource. A request without a token goes on anonymous:
 * the application's {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} decide, as
 * MicroProfile JWT specifies.
 */
final class MicroProfileJwtFilter implements Filter {

    /** {@code getAuthType()} of requests this filter admitted, as MicroProfile JWT names it. */
    static final String AUTH_TYPE = "MP-JWT";

    private final Perimeter perimeter;
    private final TokenAdmission admission;

    MicroProfileJwtFilter(Perimeter perimeter) {
        this.perimeter = perimeter;
        this.admission = new TokenAdmission(perimeter);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        BearerDecision decision = perimeter.authenticator().authenticate(new ServletBearerRequest(request));
        if (decision.outcome() == RequestOutcome.PASSED || decision.outcome() == RequestOutcome.NO_TOKEN) {
            admission.monitor().passed(); // a preflight, or a caller without a token: anonymous
            chain.doFilter(request, response);
            return;
        }
        Jwt jwt = admission.admit(request, response, decision);
        if (jwt == null) {
            return;
        }
        admission.admitted(response, decision);
        PerimeterJsonWebToken caller = new PerimeterJsonWebToken(jwt, decision.token());
        request.setAttribute(PerimeterJsonWebToken.REQUEST_ATTRIBUTE, caller);
        chain.doFilter(new AuthenticatedRequest(request, jwt, caller, AUTH_TYPE), response);
    }
}
