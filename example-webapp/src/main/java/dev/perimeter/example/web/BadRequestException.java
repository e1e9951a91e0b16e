package dev.perimeter.example.web;

/** The request is malformed: answered 400 {@code invalid_request} with this description. */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequestException(String description) {
        super(description, null, false, false);
    }
}
