package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.BearerChallenge;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes an answer of the error contract to a servlet response; what it holds is {@link
 * BearerChallenge}'s. The servlet filter and jwt-cdi's servlet-side exception filter both answer
 * through it.
 */
public final class ChallengeWriter {

    private ChallengeWriter() {
    }

    /** Sets the status, the headers and the content type, and writes the body. */
    public static void write(HttpServletResponse response, BearerChallenge answer)
            throws IOException {
        byte[] body = answer.bodyBytes();
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType(BearerChallenge.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
