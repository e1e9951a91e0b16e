package dev.perimeter.jwt.bearer;

import dev.perimeter.jwt.csrf.CsrfRequest;
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
}
