package dev.perimeter.jwt.bearer;

import dev.perimeter.jwt.csrf.CsrfRequest;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the bearer pipeline reads from a request, whatever API carries it: the {@link CsrfRequest}
 * parts (method, a header, cookie values, how this server was addressed), every value of a
 * header, and the client's address.
 */
public interface BearerRequest extends CsrfRequest {

    /** Every value of the header {@code name}, one per occurrence, in order; empty when absent. */
    List<String> headerValues(String name);

    /** The client's address as the container reports it, or null when the transport has none. */
    String remoteAddress();

    /**
     * The request target's path as it came on the wire (still percent-encoded, with the context
     * path, without the query), such as {@code /app/api/orders}: DPoP's {@code htu} is compared
     * with the configured external URL followed by it.
     */
    String requestPath();

    /**
     * The client's TLS certificate (the first of the chain the container reports), or null when
     * the connection presented none: certificate-bound tokens (RFC 8705) are compared with it.
     */
    X509Certificate clientCertificate();
}
