package dev.perimeter.jwt.bearer;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.binding.TokenBinding;
import dev.perimeter.jwt.config.CertificateBindingMode;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.dpop.DpopMode;
import dev.perimeter.jwt.dpop.DpopResult;
import dev.perimeter.jwt.dpop.DpopVerifier;
import dev.perimeter.jwt.csrf.CsrfPolicy;
import dev.perimeter.jwt.metrics.RequestOutcome;

/**
 * The bearer pipeline of every entry point: preflight check, resolve the one token, CSRF proof
 * for a cookie token, verify (with the client's address, for the per-address signature budget),
 * prove the token's binding ({@code cnf}: a DPoP proof, RFC 9449; the client certificate, RFC
 * 8705), classify. Path rules and roles stay with the entry point that has paths; this class knows
 * nothing of servlets or JAX-RS.
 */
public final class BearerAuthenticator {

    private static final String PREFLIGHT_HEADER = "Access-Control-Request-Method";

    private final TokenVerifier verifier;
    private final TokenResolver resolver;
    private final CsrfPolicy csrf;
    private final DpopVerifier dpop;
    private final DpopMode dpopMode;
    private final boolean certificateRequired;
    private final Challenges challenges;
    private final TokenDecryption decryption;

    /**
     * A pipeline with {@code verifier}, the transport settings (header, cookie, CSRF, realm,
     * certificate binding) of {@code config}, and {@code dpop} (null when DPoP is off).
     */
    public BearerAuthenticator(TokenVerifier verifier, JwtConfig config, DpopVerifier dpop) {
        this.verifier = verifier;
        this.dpop = dpop;
        this.dpopMode = dpop == null ? DpopMode.OFF : dpop.settings().mode();
        this.resolver = new TokenResolver(config.header(), config.cookie(), dpop != null);
        this.csrf = new CsrfPolicy(config.csrf());
        this.certificateRequired = config.certificateBinding() == CertificateBindingMode.REQUIRED;
        this.challenges = new Challenges(config.realm(), dpop,
                config.resourceMetadata() == null ? null : config.resourceMetadata().url());
        this.decryption = config.tokenDecryption();
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

    /**
     * The answers of this pipeline, in the schemes it accepts, for an entry point that refuses a
     * request by its own rule (a role, a {@code deny}, a bean's annotation).
     */
    public Challenges challenges() {
        return challenges;
    }

    /** Runs the pipeline on {@code request}; never throws for bad input. */
    public BearerDecision authenticate(BearerRequest request) {
        if (isCorsPreflight(request)) {
            return BearerDecision.preflight();
        }
        ResolvedToken resolved = resolver.resolve(request);
        if (resolved.isInvalidRequest()) {
            return BearerDecision.refused(RequestOutcome.INVALID_REQUEST,
                    challenges.invalidRequest(resolved.invalidRequestDescription()), false);
        }
        if (!resolved.isPresent()) {
            return BearerDecision.refused(RequestOutcome.NO_TOKEN, challenges.noToken(), false);
        }
        boolean cookie = resolved.transport() == ResolvedToken.Transport.COOKIE;
        boolean dpopScheme = resolved.transport() == ResolvedToken.Transport.DPOP;
        if (cookie && !csrf.passes(request)) {
            return BearerDecision.refused(RequestOutcome.CSRF_FAILED, BearerChallenge.csrfRejected(), true);
        }
        if (dpopMode == DpopMode.REQUIRED && !dpopScheme) {
            return BearerDecision.refused(RequestOutcome.BINDING_NOT_PROVEN,
                    challenges.rejected(false, Rejection.BINDING_NOT_PROVEN,
                            "this resource accepts only DPoP-bound tokens with a DPoP proof"), cookie);
        }
        String token = decryption == null ? resolved.token() : decryption.decrypt(resolved.token());
        if (token == null) {
            return BearerDecision.refused(RequestOutcome.MALFORMED, challenges.rejected(dpopScheme,
                    Rejection.MALFORMED, "the token is not an encrypted token this server can decrypt"),
                    cookie);
        }
        long start = System.nanoTime();
        VerificationResult result = verifier.verify(token, request.remoteAddress());
        long took = System.nanoTime() - start;
        if (!result.isValid()) {
            return BearerDecision.rejected(
                    challenges.rejected(dpopScheme, result.rejection(), result.description()),
                    result, took, cookie);
        }
        return proveBinding(request, token, result, took, cookie, dpopScheme);
    }

    /**
     * The checks of a verified token's {@code cnf}: a DPoP key proven by the request's proof, a
     * client certificate presented on this connection; a token bound to neither passes unless
     * the configuration requires a binding.
     */
    private BearerDecision proveBinding(BearerRequest request, String token,
            VerificationResult result, long took, boolean cookie, boolean dpopScheme) {
        TokenBinding binding = TokenBinding.of(result.jwt());
        if (binding.isUnverifiable()) {
            return unproven(result, took, cookie, dpopScheme,
                    "the token's cnf names no binding this server can check");
        }
        if (binding.certificateThumbprint() != null
                && !binding.certificateMatches(request.clientCertificate())) {
            return unproven(result, took, cookie, dpopScheme, request.clientCertificate() == null
                    ? "the token is bound to a client certificate, and none was presented"
                    : "the token is bound to another client certificate");
        }
        if (certificateRequired && binding.certificateThumbprint() == null) {
            return unproven(result, took, cookie, dpopScheme,
                    "this resource accepts only certificate-bound tokens");
        }
        String jkt = binding.keyThumbprint();
        if (!dpopScheme) {
            return jkt == null ? BearerDecision.authenticated(token, result, took, cookie, null)
                    : unproven(result, took, cookie, false, "the token is DPoP-bound: send it"
                            + " with the DPoP scheme and a DPoP proof");
        }
        if (jkt == null) {
            return unproven(result, took, false, true, "the token is not DPoP-bound");
        }
        DpopResult proof = dpop.check(request, token);
        if (!proof.isValid()) {
            return refusedProof(proof, result, took);
        }
        if (!proof.thumbprint().equals(jkt)) {
            return BearerDecision.unproven(RequestOutcome.INVALID_PROOF,
                    challenges.rejected(true, Rejection.INVALID_PROOF,
                            "the DPoP proof's key is not the key the token is bound to"),
                    result, took, false);
        }
        return BearerDecision.authenticated(token, result, took, false, dpop.currentNonce());
    }

    private BearerDecision unproven(VerificationResult result, long took, boolean cookie,
            boolean dpopScheme, String description) {
        return BearerDecision.unproven(RequestOutcome.BINDING_NOT_PROVEN,
                challenges.rejected(dpopScheme, Rejection.BINDING_NOT_PROVEN, description),
                result, took, cookie);
    }

    private BearerDecision refusedProof(DpopResult proof, VerificationResult result, long took) {
        switch (proof.failure()) {
            case NONCE_REQUIRED:
                return BearerDecision.unproven(RequestOutcome.NONCE_REQUIRED,
                        challenges.nonceRequired(proof.description(), dpop.currentNonce()),
                        result, took, false);
            case REPLAYED:
                return BearerDecision.unproven(RequestOutcome.PROOF_REPLAYED,
                        challenges.rejected(true, Rejection.PROOF_REPLAYED, proof.description()),
                        result, took, false);
            case UNAVAILABLE:
                return BearerDecision.unproven(RequestOutcome.PROOF_CHECK_UNAVAILABLE,
                        BearerChallenge.unavailable(proof.description()), result, took, false);
            default:
                return BearerDecision.unproven(RequestOutcome.INVALID_PROOF,
                        challenges.rejected(true, Rejection.INVALID_PROOF, proof.description()),
                        result, took, false);
        }
    }
}
