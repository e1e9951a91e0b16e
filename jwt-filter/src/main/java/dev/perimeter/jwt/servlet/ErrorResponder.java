package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.BearerChallenge;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the answers of DESIGN's error contract (RFC 6750 section 3) to a servlet response; what
 * each answer holds is decided by {@link BearerChallenge}, shared with the JAX-RS integration.
 */
final class ErrorResponder {

    private final String realm;

    ErrorResponder(String realm) {
        this.realm = realm;
    }

    /** 401 with a bare challenge: the request carried no token. */
    void noToken(HttpServletResponse response) throws IOException {
        write(response, BearerChallenge.noToken(realm));
    }

    /** 400 {@code invalid_request}. */
    void invalidRequest(HttpServletResponse response, String description) throws IOException {
        write(response, BearerChallenge.invalidRequest(realm, description));
    }

    /** 401 {@code invalid_token}. */
    void invalidToken(HttpServletResponse response, String description) throws IOException {
        write(response, BearerChallenge.invalidToken(realm, description));
    }

    /** 403 {@code insufficient_scope}, naming the roles that would have been accepted. */
    void insufficientScope(HttpServletResponse response, String scope) throws IOException {
        write(response, BearerChallenge.insufficientScope(realm, scope));
    }

    /** 403 without a challenge: a cookie-carried token on an unsafe request without CSRF proof. */
    void csrfRejected(HttpServletResponse response) throws IOException {
        write(response, BearerChallenge.csrfRejected());
    }

    /** 403 without a challenge: a {@code deny} rule. */
    void denied(HttpServletResponse response) throws IOException {
        write(response, BearerChallenge.denied());
    }

    /** 503 with {@code Retry-After}: the server cannot check tokens now. */
    void unavailable(HttpServletResponse response, String description) throws IOException {
        write(response, BearerChallenge.unavailable(description));
    }

    private static void write(HttpServletResponse response, BearerChallenge answer)
            throws IOException {
        byte[] body = answer.bodyBytes();
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType(BearerChallenge.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
