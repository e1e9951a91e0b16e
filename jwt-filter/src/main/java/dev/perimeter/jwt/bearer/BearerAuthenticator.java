package dev.perimeter.jwt.bearer;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.csrf.CsrfPolicy;
import dev.perimeter.jwt.metrics.RequestOutcome;

/**
 * The bearer pipeline of every entry point: preflight check, resolve the one token, CSRF proof
 * for a cookie token, verify (with the client's address, for the per-address signature budget),
 * classify. Path rules and roles stay with the entry point that has paths; this class knows
 * nothing of servlets or JAX-RS.
 */
public final class BearerAuthenticator {

    private static final String PREFLIGHT_HEADER = "Access-Control-Request-Method";

    private final TokenVerifier verifier;
    private final TokenResolver resolver;
    private final CsrfPolicy csrf;
    private final String realm;

    /** A pipeline with {@code verifier} and the transport settings (header, cookie, CSRF, realm) of {@code config}. */
    public BearerAuthenticator(TokenVerifier verifier, JwtConfig config) {
        this.verifier = verifier;
        this.resolver = new TokenResolver(config.header(), config.cookie());
        this.csrf = new CsrfPolicy(config.csrf());
        this.realm = config.realm();
    }

    /**
     * Whether {@code request} is a CORS preflight ({@code OPTIONS} with {@code
     * Access-Control-Request-Method}): it carries no token and passes untouched.
     */
    public static boolean isCorsPreflight(BearerRequest request) {
        return "OPTIONS".equals(request.method()) && request.header(PREFLIGHT_HEADER) != null;
    }

    /** The method a CORS preflight announces, or null when absent. */
    public static String announcedMethod(BearerRequest request) {
        return request.header(PREFLIGHT_HEADER);
    }

    /** Runs the pipeline on {@code request}; never throws for bad input. */
    public BearerDecision authenticate(BearerRequest request) {
        if (isCorsPreflight(request)) {
            return BearerDecision.preflight();
        }
        ResolvedToken resolved = resolver.resolve(request);
        if (resolved.isInvalidRequest()) {
            return BearerDecision.refused(RequestOutcome.INVALID_REQUEST,
                    BearerChallenge.invalidRequest(realm, resolved.invalidRequestDescription()), false);
        }
        if (!resolved.isPresent()) {
            return BearerDecision.refused(RequestOutcome.NO_TOKEN, BearerChallenge.noToken(realm), false);
        }
        boolean cookie = resolved.transport() == ResolvedToken.Transport.COOKIE;
        if (cookie && !csrf.passes(request)) {
            return BearerDecision.refused(RequestOutcome.CSRF_FAILED, BearerChallenge.csrfRejected(), true);
        }
        long start = System.nanoTime();
        VerificationResult result = verifier.verify(resolved.token(), request.remoteAddress());
        long took = System.nanoTime() - start;
        if (!result.isValid()) {
            return BearerDecision.rejected(
                    BearerChallenge.rejected(realm, result.rejection(), result.description()),
                    result, took, cookie);
        }
        return BearerDecision.authenticated(resolved.token(), result, took, cookie);
    }
}
