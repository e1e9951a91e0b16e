package dev.perimeter.jwt.bearer;

/** What the request carried: no token, one token (and how), or an unusable request. */
final class ResolvedToken {

    /** How the token travelled: {@code Bearer} or {@code DPoP} in the header, or the cookie. */
    enum Transport { HEADER, DPOP, COOKIE }

    static final ResolvedToken NONE = new ResolvedToken(null, null, null);

    private final String token;
    private final Transport transport;
    private final String invalidRequest;

    private ResolvedToken(String token, Transport transport, String invalidRequest) {
        this.token = token;
        this.transport = transport;
        this.invalidRequest = invalidRequest;
    }

    static ResolvedToken of(String token, Transport transport) {
        return new ResolvedToken(token, transport, null);
    }

    /** A request that is malformed as a bearer request (RFC 6750 {@code invalid_request}). */
    static ResolvedToken invalidRequest(String description) {
        return new ResolvedToken(null, null, description);
    }

    boolean isInvalidRequest() {
        return invalidRequest != null;
    }

    boolean isPresent() {
        return token != null;
    }

    String token() {
        return token;
    }

    Transport transport() {
        return transport;
    }

    String invalidRequestDescription() {
        return invalidRequest;
    }
}
