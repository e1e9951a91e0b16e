package dev.perimeter.example.db;

/** The database failed: a server fault, answered 503 by the endpoints. */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
