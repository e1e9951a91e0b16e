package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.jwt.dpop.DpopResult;
import dev.perimeter.jwt.dpop.DpopVerifier;
import dev.perimeter.jwt.servlet.ServletBearerRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The DPoP proof at the token endpoints, login and refresh (RFC 9449 section 5), checked by the
 * filter's own {@link DpopVerifier} (the same {@code dpop-url}, algorithms, proof age, replay
 * memory and nonces as at the resources; no {@code ath}, since no access token comes). A refusal
 * is 400 {@code invalid_dpop_proof} with the verifier's description, 400 {@code use_dpop_nonce}
 * with a {@code DPoP-Nonce} header when the proof lacks the current nonce (section 8), or 503
 * {@code temporarily_unavailable} when the replay check cannot be made now.
 */
final class TokenEndpointProof {

    /** The answer's {@code error} for a proof that is missing, invalid, or of another key. */
    static final String INVALID = "invalid_dpop_proof";
    /** The answer's {@code error} for a proof without the server's current nonce. */
    static final String NONCE = "use_dpop_nonce";

    private TokenEndpointProof() {
    }

    /** Whether the request carries a {@code DPoP} header at all. */
    static boolean sent(HttpServletRequest request) {
        return request.getHeader(DpopVerifier.PROOF_HEADER) != null;
    }

    /** The filter's DPoP check; null when the filter's {@code dpop} is {@code off}. */
    static DpopVerifier verifier(ExampleApp app) {
        return app.revocations().filter().dpop();
    }

    /** Checks the request's proof, for a token endpoint. */
    static DpopResult check(DpopVerifier verifier, HttpServletRequest request) {
        return verifier.check(new ServletBearerRequest(request), null);
    }

    /** Answers a refused proof; {@code what} names the endpoint in the audit event. */
    static void refuse(HttpServletRequest request, HttpServletResponse response,
            DpopVerifier verifier, DpopResult result, String what) throws IOException {
        switch (result.failure()) {
            case NONCE_REQUIRED:
                response.setHeader(DpopVerifier.NONCE_HEADER, verifier.currentNonce());
                AuditTrail.dpopProofRefused(request, HttpServletResponse.SC_BAD_REQUEST, NONCE, what);
                Json.error(response, HttpServletResponse.SC_BAD_REQUEST, NONCE, result.description());
                return;
            case UNAVAILABLE:
                response.setHeader("Retry-After", "5");
                Json.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "temporarily_unavailable", result.description());
                return;
            default:
                refuse(request, response, result.description(), what);
        }
    }

    /** Answers 400 {@code invalid_dpop_proof} with {@code description}. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, String description,
            String what) throws IOException {
        AuditTrail.dpopProofRefused(request, HttpServletResponse.SC_BAD_REQUEST, INVALID, what);
        Json.error(response, HttpServletResponse.SC_BAD_REQUEST, INVALID, description);
    }

    /** With nonces on, the current one goes with an answer to a proof (section 8.2). */
    static void offerNonce(HttpServletResponse response, DpopVerifier verifier) {
        String nonce = verifier == null ? null : verifier.currentNonce();
        if (nonce != null) {
            response.setHeader(DpopVerifier.NONCE_HEADER, nonce);
        }
    }
}
