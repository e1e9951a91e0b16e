package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.dpop.DpopVerifier;
import dev.perimeter.jwt.runtime.Perimeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What a servlet filter does with the pipeline's decision on a request whose token it looked at,
 * before its own rules: counts and audits the decision, answers a refusal, and applies the
 * address-spread rule to a valid token. The {@link JwtFilter} and MicroProfile JWT's filter share
 * it, so both answer alike.
 */
public final class TokenAdmission {

    private final RequestMonitor monitor;
    private final AddressSpreadRule spreadRule;
    private final Challenges challenges;

    public TokenAdmission(Perimeter perimeter) {
        this.monitor = new RequestMonitor(perimeter);
        this.spreadRule = new AddressSpreadRule(perimeter, monitor);
        this.challenges = perimeter.authenticator().challenges();
    }

    /** The monitor that counts this filter's requests (passed, admitted, refused by a rule). */
    public RequestMonitor monitor() {
        return monitor;
    }

    /**
     * The token {@code decision} admitted, or null after the refusal was written to
     * {@code response}.
     */
    public Jwt admit(HttpServletRequest request, HttpServletResponse response,
            BearerDecision decision) throws IOException {
        monitor.decided(request, decision);
        if (decision.isRefused()) {
            ChallengeWriter.write(response, decision.challenge());
            return null;
        }
        Jwt jwt = decision.jwt();
        if (spreadRule.refuses(request, jwt, decision.token())) {
            ChallengeWriter.write(response, challenges.revoked());
            return null;
        }
        return jwt;
    }

    /**
     * Counts {@code decision}'s request as admitted, after the filter's own rules passed it, and
     * gives the client the DPoP nonce it is to use next, if any.
     */
    public void admitted(HttpServletResponse response, BearerDecision decision) {
        if (decision.dpopNonce() != null) {
            response.setHeader(DpopVerifier.NONCE_HEADER, decision.dpopNonce());
        }
        monitor.admitted();
    }
}
