package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.config.CsrfMode;
import dev.perimeter.jwt.csrf.CsrfPolicy;
import dev.perimeter.jwt.csrf.CsrfRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.util.List;

/** The servlet filter's CSRF rules ({@link CsrfPolicy}) on a JAX-RS request. */
final class CsrfProof {

    private final CsrfPolicy policy;

    CsrfProof(CsrfMode mode) {
        this.policy = new CsrfPolicy(mode);
    }

    boolean passes(ContainerRequestContext request) {
        return policy.passes(new JaxRsCsrfRequest(request));
    }

    private record JaxRsCsrfRequest(ContainerRequestContext request) implements CsrfRequest {

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String header(String name) {
            return request.getHeaderString(name);
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

        private URI self() {
            return request.getUriInfo().getRequestUri();
        }
    }
}
