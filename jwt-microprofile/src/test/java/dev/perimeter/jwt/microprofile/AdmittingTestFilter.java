package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.VerificationResult;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Stands in for the module's servlet filter (another engineer's): verifies a bearer token with a
 * real Perimeter verifier and, for an admitted request, stores the {@link PerimeterJsonWebToken}
 * in {@link PerimeterJsonWebToken#REQUEST_ATTRIBUTE} and makes it the user principal. Anonymous
 * requests pass with no attribute; a rejected token gets 401.
 */
final class AdmittingTestFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        String token = authorization.substring("Bearer ".length());
        VerificationResult result = MpTokens.verifier().verify(token);
        if (!result.isValid()) {
            response.sendError(401);
            return;
        }
        PerimeterJsonWebToken principal = new PerimeterJsonWebToken(result.jwt(), token);
        request.setAttribute(PerimeterJsonWebToken.REQUEST_ATTRIBUTE, principal);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }
        }, response);
    }
}
