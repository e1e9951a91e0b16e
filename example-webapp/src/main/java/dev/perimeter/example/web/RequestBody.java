package dev.perimeter.example.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body with a hard bound, whatever the transfer encoding: a declared
 * {@code Content-Length} over the bound is refused unread, and a chunked body is read no further
 * than one byte past it. The endpoints read their bodies only this way, never through
 * {@code getParameter*}, which would merge the query string into the fields and let the container
 * parse a form of any size (and, on Servlet 6.1, throw on a malformed one).
 */
final class RequestBody {

    /** Bodies larger than this are refused with 413. */
    static final int MAX_BYTES = 16 * 1024;

    /** Set on a request whose whole body {@link #read} read. */
    private static final String READ_ATTRIBUTE = RequestBody.class.getName() + ".read";

    private RequestBody() {
    }

    /**
     * The body's bytes, at most {@value #MAX_BYTES}.
     *
     * @throws BadRequestException 413 for a larger body; 400 when it cannot be read (a broken
     *         chunked encoding, a client that went away)
     */
    static byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw BadRequestException.tooLarge("the request body is larger than " + MAX_BYTES + " bytes");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException | UncheckedIOException e) {
            // Tomcat records the failed read as the request's exception too, in case the
            // application swallows it, and would then answer with the error page of an
            // exception (500): the 400 below is the answer, the client's framing the fault.
            request.removeAttribute(RequestDispatcher.ERROR_EXCEPTION);
            throw new BadRequestException("the request body could not be read");
        }
        if (bytes.length > MAX_BYTES) {
            throw BadRequestException.tooLarge("the request body is larger than " + MAX_BYTES + " bytes");
        }
        request.setAttribute(READ_ATTRIBUTE, Boolean.TRUE);
        return bytes;
    }

    /**
     * Asks the client to close the connection when the answer comes before the body was read
     * (refused unread, or past the limit): the container cannot reuse a connection whose body is
     * still arriving and closes it, and a client told nothing would send its next request on it.
     */
    static void closeConnectionIfUnread(HttpServletRequest request, HttpServletResponse response) {
        if (announced(request) && request.getAttribute(READ_ATTRIBUTE) == null && !response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
    }

    /** Whether the request says it has a body: a length above zero, or a transfer encoding. */
    static boolean announced(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
