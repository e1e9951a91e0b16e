package dev.perimeter.example.health;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part of the health answer: its status and what an operator needs to see, in the order
 * shown. The details hold nothing secret: no subject, no key material, no credential.
 *
 * @param status  the part's status
 * @param details its fields, {@code status} first
 */
record HealthPart(HealthStatus status, Map<String, Object> details) {

    /** A part with {@code status} and the fields of {@code fields}, after {@code status}. */
    static HealthPart of(HealthStatus status, Map<String, Object> fields) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status.name());
        details.putAll(fields);
        return new HealthPart(status, details);
    }

    /** An instant as ISO-8601 in UTC, to the millisecond; null stays null. */
    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A part that could not be checked: down, with a reason that names no secret. */
    static HealthPart failed(String reason) {
        return of(HealthStatus.DOWN, Map.of("error", reason));
    }
}
