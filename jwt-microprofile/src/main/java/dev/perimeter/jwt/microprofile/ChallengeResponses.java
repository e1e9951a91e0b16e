package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.BearerChallenge;
import jakarta.ws.rs.core.Response;

/** Turns an answer of the error contract into a JAX-RS response. */
final class ChallengeResponses {

    private ChallengeResponses() {
    }

    static Response of(BearerChallenge answer) {
        Response.ResponseBuilder response = Response.status(answer.status())
                .entity(answer.bodyBytes())
                .type(BearerChallenge.CONTENT_TYPE);
        answer.headers().forEach(response::header);
        return response.build();
    }
}
