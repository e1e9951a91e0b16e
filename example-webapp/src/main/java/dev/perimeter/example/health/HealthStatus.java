package dev.perimeter.example.health;

/** How well a part, or the whole application, can serve; ordered from best to worst. */
public enum HealthStatus {
    /** Everything works. */
    UP,
    /** Requests are served, but something needs an operator: answered 200 all the same. */
    DEGRADED,
    /** Protected requests are refused (503): a load balancer should not send traffic here. */
    DOWN;

    /** The worse of this and {@code other}. */
    public HealthStatus and(HealthStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The HTTP status of a health answer with this status: 503 when down, else 200. */
    public int httpStatus() {
        return this == DOWN ? 503 : 200;
    }
}
