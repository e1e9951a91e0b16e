package dev.perimeter.example.web;

/**
 * The request is malformed: answered {@link #status()} (400, or 413 for a body over the limit)
 * {@code invalid_request} with this description. The description is the application's own
 * text, never a piece of the request.
 */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int BAD_REQUEST = 400;
    private static final int PAYLOAD_TOO_LARGE = 413;

    private final int status;

    BadRequestException(String description) {
        this(BAD_REQUEST, description);
    }

    private BadRequestException(int status, String description) {
        super(description, null, false, false);
        this.status = status;
    }

    /** A body larger than the endpoint reads: 413. */
    static BadRequestException tooLarge(String description) {
        return new BadRequestException(PAYLOAD_TOO_LARGE, description);
    }

    /** 400 or 413. */
    int status() {
        return status;
    }
}
