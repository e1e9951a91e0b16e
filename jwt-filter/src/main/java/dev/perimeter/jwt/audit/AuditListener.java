package dev.perimeter.jwt.audit;

/**
 * Receives every audit event of an {@link AuditLog}, on its thread ({@value AuditLog#THREAD_NAME}),
 * never on a request's. A slow listener delays later events and, once the queue is full, makes
 * them drop; it never slows requests down. An exception is logged and the next event delivered.
 */
@FunctionalInterface
public interface AuditListener {

    /** One event, in the order recorded. */
    void onEvent(AuditEvent event);
}
