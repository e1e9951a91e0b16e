package dev.perimeter.jwt.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answers of DESIGN's error contract (RFC 6750 section 3): status,
 * {@code WWW-Authenticate}, a small JSON body and {@code Cache-Control: no-store}. Descriptions
 * come from Perimeter's own fixed texts, never from the request.
 */
final class ErrorResponder {

    static final int RETRY_AFTER_SECONDS = 5;

    private final String realmParameter;

    ErrorResponder(String realm) {
        this.realmParameter = realm == null ? "" : "realm=\"" + realm + "\"";
    }

    /** 401 with a bare challenge: the request carried no token. */
    void noToken(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", realmParameter.isEmpty()
                ? "Bearer" : "Bearer " + realmParameter);
        write(response, 401, "unauthorized", "a bearer token is required");
    }

    /** 400 {@code invalid_request}. */
    void invalidRequest(HttpServletResponse response, String description) throws IOException {
        challenge(response, "invalid_request", description, null);
        write(response, 400, "invalid_request", description);
    }

    /** 401 {@code invalid_token}. */
    void invalidToken(HttpServletResponse response, String description) throws IOException {
        challenge(response, "invalid_token", description, null);
        write(response, 401, "invalid_token", description);
    }

    /** 403 {@code insufficient_scope}, naming the roles that would have been accepted. */
    void insufficientScope(HttpServletResponse response, String scope) throws IOException {
        String description = "the token lacks the role this resource requires";
        challenge(response, "insufficient_scope", description, scope);
        write(response, 403, "insufficient_scope", description);
    }

    /** 403 without a challenge: a cookie-carried token on an unsafe request without CSRF proof. */
    void csrfRejected(HttpServletResponse response) throws IOException {
        write(response, 403, "csrf_failed", "the request lacks proof that it was meant (CSRF)");
    }

    /** 403 without a challenge: a {@code deny} rule. */
    void denied(HttpServletResponse response) throws IOException {
        write(response, 403, "access_denied", "access to this resource is denied");
    }

    /** 503 with {@code Retry-After}: the server cannot check tokens now. */
    void unavailable(HttpServletResponse response, String description) throws IOException {
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        write(response, 503, "temporarily_unavailable", description);
    }

    private void challenge(HttpServletResponse response, String error, String description,
            String scope) {
        StringBuilder value = new StringBuilder("Bearer ");
        if (!realmParameter.isEmpty()) {
            value.append(realmParameter).append(", ");
        }
        value.append("error=\"").append(error).append('"');
        value.append(", error_description=\"").append(quoted(description)).append('"');
        if (scope != null) {
            value.append(", scope=\"").append(quoted(scope)).append('"');
        }
        response.setHeader("WWW-Authenticate", value.toString());
    }

    private static void write(HttpServletResponse response, int status, String error,
            String description) throws IOException {
        byte[] body = ("{\"error\":\"" + json(error) + "\",\"error_description\":\""
                + json(description) + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** RFC 6750 allows only %x20-21 / %x23-5B / %x5D-7E in these values. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
