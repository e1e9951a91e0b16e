package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify this application's tokens, with
 * {@code kid}, {@code alg} and {@code use}: the signer's, and retired ones until their tokens
 * have expired. Other services can trust the application through this URL.
 */
public final class JwksServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    public JwksServlet() {
        super("GET");
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response, ExampleApp app)
            throws IOException {
        byte[] body = app.keys().jwksDocument(app.clock().instant()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "public, max-age=60");
        response.setContentType("application/jwk-set+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
