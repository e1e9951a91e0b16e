package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.bearer.BearerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A JAX-RS request as the bearer pipeline reads it. Cookies come from the raw {@code Cookie}
 * headers ({@link CookieHeaders}), so a cookie sent twice is seen twice; the client address is
 * the servlet container's when JAX-RS runs in one, else null, and so is the client certificate.
 */
record JaxRsBearerRequest(ContainerRequestContext request, String remoteAddress,
        X509Certificate clientCertificate) implements BearerRequest {

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String header(String name) {
        return request.getHeaderString(name);
    }

    @Override
    public List<String> headerValues(String name) {
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public List<String> cookieValues(String name) {
        return CookieHeaders.values(request.getHeaders().get("Cookie"), name);
    }

    @Override
    public String scheme() {
        return self().getScheme();
    }

    @Override
    public String host() {
        return self().getHost();
    }

    @Override
    public int port() {
        return self().getPort();
    }

    @Override
    public String requestPath() {
        return self().getRawPath();
    }

    private URI self() {
        return request.getUriInfo().getRequestUri();
    }
}
