package dev.perimeter.jwt.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One audit event: a rejected request, a token issued, refreshed or revoked, an alert or a
 * warning. Immutable; {@link #toJson()} is the line written to the logger
 * {@value AuditLog#LOGGER_NAME}.
 *
 * <p>It never holds token content. {@link #subject()} and {@link #tokenId()} come only from a
 * token whose signature verified (or from the application, for tokens it issued itself), so a
 * forged token cannot plant names in the audit trail. Every text is bounded in length
 * ({@value #MAX_PATH_LENGTH} characters for the path, {@value #MAX_TEXT_LENGTH} for the rest,
 * {@value #MAX_DETAILS} details); longer ones are cut and end in {@code …}. Control and non-ASCII
 * characters are kept as given and escaped in the JSON.
 */
public final class AuditEvent {

    /** Longest path kept, in characters. */
    public static final int MAX_PATH_LENGTH = 512;
    /** Longest other text kept, in characters. */
    public static final int MAX_TEXT_LENGTH = 256;
    /** Most details kept; later ones are ignored. */
    public static final int MAX_DETAILS = 16;

    /** What happened. */
    public enum Kind {
        /** A request was refused (400, 401, 403 or 503). */
        REJECTED,
        /** The application issued a token (a login). */
        ISSUED,
        /** The application exchanged a refresh token for new tokens. */
        REFRESHED,
        /** A token or every token of a subject was revoked. */
        REVOKED,
        /** An attack is likely under way: a detection rule fired, or the application saw one. */
        ALERT,
        /** Something an operator should look at: a burst of bad signatures, dropped events. */
        WARNING;

        /** The name used in JSON: {@code rejected}, {@code issued}, … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final Instant time;
    private final String outcome;
    private final String reason;
    private final int status;
    private final String subject;
    private final String tokenId;
    private final String clientAddress;
    private final String method;
    private final String path;
    private final Map<String, Object> details;

    private AuditEvent(Builder builder) {
        this.kind = builder.kind;
        this.time = builder.time != null ? builder.time : Instant.now();
        this.outcome = bounded(builder.outcome, MAX_TEXT_LENGTH);
        this.reason = bounded(builder.reason, MAX_TEXT_LENGTH);
        this.status = builder.status;
        this.subject = bounded(builder.subject, MAX_TEXT_LENGTH);
        this.tokenId = bounded(builder.tokenId, MAX_TEXT_LENGTH);
        this.clientAddress = bounded(builder.clientAddress, MAX_TEXT_LENGTH);
        this.method = bounded(builder.method, MAX_TEXT_LENGTH);
        this.path = bounded(builder.path, MAX_PATH_LENGTH);
        this.details = builder.details.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(builder.details));
    }

    /** A builder for an event of {@code kind}. */
    public static Builder builder(Kind kind) {
        return new Builder(Objects.requireNonNull(kind, "kind"));
    }

    public Kind kind() {
        return kind;
    }

    /** When it happened. */
    public Instant time() {
        return time;
    }

    /**
     * The result in a word. For {@link Kind#REJECTED}, the {@code error} of the answer:
     * {@code unauthorized} (no token), {@code invalid_request}, {@code invalid_token},
     * {@code insufficient_scope}, {@code access_denied}, {@code csrf_failed},
     * {@code temporarily_unavailable}. Events of the application carry what it sets, by
     * convention {@code success} or {@code failure}. Null when not set.
     */
    public String outcome() {
        return outcome;
    }

    /**
     * Why, in a word: for rejections the kind of failure ({@code expired}, {@code bad_signature},
     * {@code revoked}, {@code no_token}, {@code missing_role}…), for alerts and warnings the rule
     * ({@code token_address_spread}, {@code bad_signature_burst}, {@code audit_events_dropped}).
     * Null when not set.
     */
    public String reason() {
        return reason;
    }

    /** The HTTP status answered, or 0 when the event is not an answer. */
    public int status() {
        return status;
    }

    /** The {@code sub} of a verified token (or one the application issued), or null. */
    public String subject() {
        return subject;
    }

    /** The {@code jti} of a verified token (or one the application issued), or null. */
    public String tokenId() {
        return tokenId;
    }

    /**
     * The client's address as the container reports it ({@code getRemoteAddr()}), or null.
     * {@code X-Forwarded-For} is never read: a client could write anything there. Behind a
     * reverse proxy, let the container resolve the address (Tomcat's {@code RemoteIpValve},
     * Jetty's {@code ForwardedRequestCustomizer}).
     */
    public String clientAddress() {
        return clientAddress;
    }

    /** The HTTP method, or null. */
    public String method() {
        return method;
    }

    /** The request path as sent (not decoded), without the query string, or null. */
    public String path() {
        return path;
    }

    /** More facts, in the order added: strings, numbers and booleans; never null. */
    public Map<String, Object> details() {
        return details;
    }

    /** One line of JSON, ASCII only, fields without a value left out. */
    public String toJson() {
        StringBuilder json = new StringBuilder(192);
        json.append("{\"time\":\"").append(time).append('"');
        json.append(",\"event\":\"").append(kind.label()).append('"');
        field(json, "outcome", outcome);
        field(json, "reason", reason);
        if (status != 0) {
            json.append(",\"status\":").append(status);
        }
        field(json, "sub", subject);
        field(json, "jti", tokenId);
        field(json, "client", clientAddress);
        field(json, "method", method);
        field(json, "path", path);
        if (!details.isEmpty()) {
            json.append(",\"details\":{");
            boolean first = true;
            for (Map.Entry<String, Object> detail : details.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                Json.string(json, detail.getKey());
                json.append(':');
                Object value = detail.getValue();
                if (value instanceof Number || value instanceof Boolean) {
                    json.append(value);
                } else {
                    Json.string(json, String.valueOf(value));
                }
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            json.append(",\"").append(name).append("\":");
            Json.string(json, value);
        }
    }

    /** The JSON line. */
    @Override
    public String toString() {
        return toJson();
    }

    private static String bounded(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end) + "…";
    }

    /** Collects an event's fields; {@link #build()} bounds them. Not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private Instant time;
        private String outcome;
        private String reason;
        private int status;
        private String subject;
        private String tokenId;
        private String clientAddress;
        private String method;
        private String path;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(Kind kind) {
            this.kind = kind;
        }

        /** When it happened; by default the moment of {@link #build()}. */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** The HTTP status answered; 0 for none. */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /**
         * The subject. Only the {@code sub} of a token whose signature verified, or of one the
         * application issued itself: never a claim read from an unverified token.
         */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** The token id, under the terms of {@link #subject(String)}. */
        public Builder tokenId(String tokenId) {
            this.tokenId = tokenId;
            return this;
        }

        /** The client's address, HTTP method and path (without the query string). */
        public Builder request(String clientAddress, String method, String path) {
            this.clientAddress = clientAddress;
            this.method = method;
            this.path = path;
            return this;
        }

        /**
         * One more fact. Numbers and booleans stay JSON numbers and booleans, anything else
         * becomes its string (bounded like every text); past {@value AuditEvent#MAX_DETAILS}
         * details, or for a null key or value, nothing is added. Never pass token content.
         */
        public Builder detail(String key, Object value) {
            if (key == null || value == null
                    || (details.size() >= MAX_DETAILS && !details.containsKey(key))) {
                return this;
            }
            Object kept = value instanceof Long || value instanceof Integer
                    || value instanceof Short || value instanceof Byte || value instanceof Boolean
                    ? value
                    : value instanceof Double || value instanceof Float
                            ? finiteOrText(((Number) value).doubleValue())
                            : bounded(String.valueOf(value), MAX_TEXT_LENGTH);
            details.put(bounded(key, MAX_TEXT_LENGTH / 4), kept);
            return this;
        }

        private static Object finiteOrText(double value) {
            return Double.isFinite(value) ? (Object) value : Double.toString(value);
        }

        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
