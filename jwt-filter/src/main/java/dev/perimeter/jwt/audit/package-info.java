/**
 * The audit trail: {@link dev.perimeter.jwt.audit.AuditEvent} is one structured event (a
 * rejection, an issued, refreshed or revoked token, an alert, a warning), and
 * {@link dev.perimeter.jwt.audit.AuditLog} writes events as JSON lines to the
 * {@code java.util.logging} logger {@code dev.perimeter.audit} on its own thread, keeps the latest
 * for reading back, and hands them to {@link dev.perimeter.jwt.audit.AuditListener}s. Recording
 * never blocks a request: events go through a bounded lock-free queue, and what does not fit is
 * dropped and counted.
 */
package dev.perimeter.jwt.audit;
