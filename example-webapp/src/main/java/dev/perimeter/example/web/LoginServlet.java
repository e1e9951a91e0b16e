package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.tokens.Sessions;
import dev.perimeter.jwt.dpop.DpopResult;
import dev.perimeter.jwt.dpop.DpopVerifier;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /auth/login}: {@code {"username","password"}} as JSON or form. 200 with a token pair
 * ({@code ?mode=cookie}: in cookies, and then from JSON only); 401 {@code invalid_grant} for a
 * wrong password and for an unknown user alike; 429 with {@code Retry-After} after repeated
 * failures (of the name from the address, or of the address across names) and while every
 * password-check slot is busy. The fields come from the body only (see {@link Json#fields}).
 *
 * <p>With a {@code DPoP} header (RFC 9449 section 5) the proof is checked first ({@code htm}
 * {@code POST}, {@code htu} this endpoint's URL under the filter's {@code dpop-url}): a refused
 * one is 400 {@code invalid_dpop_proof} (or {@code use_dpop_nonce}) before the password is
 * looked at; a valid one gets an access token bound to its key ({@code cnf.jkt}),
 * {@code token_type} {@code DPoP}, and a refresh family bound to the same key. Cookie mode with a
 * {@code DPoP} header is 400: the cookies are no DPoP-bound session. When the filter's DPoP is
 * off, the header is not read and the tokens are bearer tokens, as {@code token_type} says.
 *
 * <p>Its {@link #init} runs after the filter's, and checks that the filter accepts the tokens
 * this application issues; see {@link FilterSelfCheck}.
 */
public final class LoginServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_USERNAME = 64;
    static final int MAX_PASSWORD = 1024;

    public LoginServlet() {
        super("POST");
    }

    @Override
    public void init() throws ServletException {
        FilterSelfCheck.run(ExampleApp.of(getServletContext()));
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        boolean cookieMode = CookieMode.requested(request);
        if (cookieMode && !Json.isJson(request)) {
            // A page of another site can post a form here, but not JSON: without this, it could
            // log the browser in to an account of its choosing (login CSRF).
            throw new BadRequestException("cookie mode takes the credentials as JSON only");
        }
        boolean proofSent = TokenEndpointProof.sent(request);
        if (cookieMode && proofSent) {
            throw new BadRequestException("cookie mode does not bind tokens to a DPoP key: log in"
                    + " without mode=cookie to get DPoP-bound tokens");
        }
        Map<String, String> fields = Json.fields(request, "username", "password");
        String username = fields.get("username");
        String password = fields.get("password");
        if (username == null || password == null || username.isEmpty()) {
            throw new BadRequestException("username and password are required");
        }
        DpopVerifier dpop = proofSent ? TokenEndpointProof.verifier(app) : null;
        String jkt = null;
        if (dpop != null) {
            DpopResult proof = TokenEndpointProof.check(dpop, request);
            if (!proof.isValid()) {
                TokenEndpointProof.refuse(request, response, dpop, proof, "login");
                return;
            }
            jkt = proof.thumbprint();
            TokenEndpointProof.offerNonce(response, dpop);
        }
        if (username.length() > MAX_USERNAME || password.length() > MAX_PASSWORD) {
            AuditTrail.loginRefused(request, HttpServletResponse.SC_UNAUTHORIZED, "invalid_grant");
            Json.error(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_grant",
                    "wrong user name or password");
            return;
        }
        Sessions.Login login = app.sessions().login(username, password.toCharArray(),
                request.getRemoteAddr(), jkt);
        if (login instanceof Sessions.Throttled throttled) {
            AuditTrail.loginThrottled(request, 429, throttled.why());
            response.setHeader("Retry-After", Long.toString(
                    Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000)));
            Json.error(response, 429, "too_many_attempts",
                    "too many failed logins; try again later");
        } else if (login instanceof Sessions.LoggedIn loggedIn) {
            AuditTrail.loggedIn(request, loggedIn.tokens().access());
            TokenAnswers.send(request, response, loggedIn.tokens(), cookieMode, app);
        } else {
            AuditTrail.loginRefused(request, HttpServletResponse.SC_UNAUTHORIZED, "invalid_grant");
            Json.error(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_grant",
                    "wrong user name or password");
        }
    }
}
