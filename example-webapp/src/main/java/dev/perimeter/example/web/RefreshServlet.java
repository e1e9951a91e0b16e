package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.RefreshTokens;
import dev.perimeter.example.tokens.Sessions;
import dev.perimeter.jwt.dpop.DpopResult;
import dev.perimeter.jwt.dpop.DpopVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /auth/refresh}: the refresh token as {@code {"refresh_token"}} (JSON or form), or
 * in cookie mode as the {@code refresh_token} cookie with the double-submit proof. 200 with a new
 * pair, in the same mode; the old refresh token is spent. 401 {@code invalid_grant} for a token
 * that is unknown, expired, revoked, or spent before (which revokes its whole family).
 *
 * <p>A token of a family that a login bound to a DPoP key (RFC 9449 section 5) needs a valid
 * {@code DPoP} proof of that key ({@code htm} {@code POST}, {@code htu} this endpoint's URL):
 * without one, or with one of another key, the answer is 400 {@code invalid_dpop_proof} (or
 * {@code use_dpop_nonce}) and the token stays unspent; with it, the new access token is bound to
 * the key again. A proof that comes with a token of an unbound family is not read.
 */
public final class RefreshServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    public RefreshServlet() {
        super("POST");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        String fromBody = Json.fields(request, "refresh_token").get("refresh_token");
        Optional<String> fromCookie = AuthCookies.value(request,
                AuthCookies.of(app).names(request).refresh());
        if (fromBody != null && fromCookie.isPresent()) {
            throw new BadRequestException("send the refresh token in the body or the cookie, not both");
        }
        if (fromBody == null && fromCookie.isEmpty()) {
            throw new BadRequestException("refresh_token is required");
        }
        boolean cookieMode = fromBody == null;
        if (cookieMode && !AuthCookies.xsrfProven(request)) {
            AuditTrail.refreshWithoutCsrfProof(request, HttpServletResponse.SC_FORBIDDEN);
            Json.error(response, HttpServletResponse.SC_FORBIDDEN, "csrf_failed",
                    "the X-XSRF-TOKEN header must equal the XSRF-TOKEN cookie");
            return;
        }
        String token = cookieMode ? fromCookie.get() : fromBody;
        Optional<String> bound = app.sessions().refreshBinding(token);
        String proven = null;
        if (bound.isPresent()) {
            DpopVerifier dpop = TokenEndpointProof.verifier(app);
            if (dpop == null) {
                TokenEndpointProof.refuse(request, response, "the session is bound to a DPoP key,"
                        + " and DPoP is off on this server", "refresh");
                return;
            }
            DpopResult proof = TokenEndpointProof.check(dpop, request);
            if (!proof.isValid()) {
                TokenEndpointProof.refuse(request, response, dpop, proof, "refresh");
                return;
            }
            TokenEndpointProof.offerNonce(response, dpop);
            if (!proof.thumbprint().equals(bound.get())) {
                TokenEndpointProof.refuse(request, response, "the DPoP proof's key is not the key"
                        + " the refresh token is bound to", "refresh");
                return;
            }
            proven = proof.thumbprint();
        }
        Sessions.Refresh refresh = app.sessions().refresh(token, request.getRemoteAddr(), proven);
        if (refresh instanceof Sessions.Refreshed refreshed) {
            AuditTrail.refreshed(request, refreshed);
            TokenAnswers.send(request, response, refreshed.tokens(), cookieMode, app);
            return;
        }
        Sessions.RefreshRefused refused = (Sessions.RefreshRefused) refresh;
        if (refused.reason() == RefreshTokens.Refusal.KEY_NOT_PROVEN) {
            // Checked above already; a family's key never changes, so this is a safeguard only.
            TokenEndpointProof.refuse(request, response, refused.reason().description(), "refresh");
            return;
        }
        AuditTrail.refreshRefused(request, refused, HttpServletResponse.SC_UNAUTHORIZED);
        if (cookieMode) {
            AuthCookies.of(app).clear(request, response);
        }
        Json.error(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_grant",
                refused.reason().description());
    }
}
