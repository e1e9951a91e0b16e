package dev.perimeter.bench;

import dev.perimeter.jwt.bearer.BearerRequest;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A request as the bearer pipeline reads it, without a servlet container: one {@code
 * Authorization} header, at most one {@code DPoP} header, a method and a path, on
 * {@code https://api.example.test}. Header names are matched case-insensitively, as HTTP does.
 */
public final class BenchRequest implements BearerRequest {

    private final String method;
    private final String path;
    private final String authorization;
    private final String proof;

    /** {@code proof} null: no {@code DPoP} header. */
    public BenchRequest(String method, String path, String authorization, String proof) {
        this.method = method;
        this.path = path;
        this.authorization = authorization;
        this.proof = proof;
    }

    private String value(String name) {
        if ("Authorization".equalsIgnoreCase(name)) {
            return authorization;
        }
        return "DPoP".equalsIgnoreCase(name) ? proof : null;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String header(String name) {
        return value(name);
    }

    @Override
    public List<String> headerValues(String name) {
        String value = value(name);
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public List<String> cookieValues(String name) {
        return List.of();
    }

    @Override
    public String scheme() {
        return "https";
    }

    @Override
    public String host() {
        return "api.example.test";
    }

    @Override
    public int port() {
        return 443;
    }

    @Override
    public String remoteAddress() {
        return "192.0.2.10";
    }

    @Override
    public String requestPath() {
        return path;
    }

    @Override
    public X509Certificate clientCertificate() {
        return null;
    }
}
