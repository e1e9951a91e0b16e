package dev.perimeter.example.web;

import dev.perimeter.jwt.Jwt;
import jakarta.servlet.http.HttpServletRequest;

/** The caller's token, verified by the filter in front of the endpoint. */
final class CallerToken {

    private CallerToken() {
    }

    /** The verified token; the endpoint is mapped behind the filter, so there is one. */
    static Jwt of(HttpServletRequest request) {
        Object jwt = request.getAttribute(Jwt.REQUEST_ATTRIBUTE);
        if (!(jwt instanceof Jwt)) {
            throw new IllegalStateException("no verified token: is the Perimeter filter mapped"
                    + " in front of " + request.getServletPath() + "?");
        }
        return (Jwt) jwt;
    }
}
