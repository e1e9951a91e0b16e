package dev.perimeter.jwt.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2025-03-01T12:00:00.123Z");

    @Test
    void aRejectionIsOneJsonLineWithEveryFieldGivenAndNoneOfThoseLeftOut() throws Exception {
        AuditEvent event = AuditEvent.builder(AuditEvent.Kind.REJECTED).time(AT)
                .outcome("invalid_token").reason("expired").status(401)
                .subject("alice").tokenId("t-1").request("203.0.113.9", "GET", "/api/me")
                .detail("rule", "x").detail("count", 42L).detail("fine", true).build();
        String line = event.toJson();
        assertEquals("{\"time\":\"2025-03-01T12:00:00.123Z\",\"event\":\"rejected\","
                + "\"outcome\":\"invalid_token\",\"reason\":\"expired\",\"status\":401,"
                + "\"sub\":\"alice\",\"jti\":\"t-1\",\"client\":\"203.0.113.9\",\"method\":\"GET\","
                + "\"path\":\"/api/me\",\"details\":{\"rule\":\"x\",\"count\":42,\"fine\":true}}",
                line);
        assertEquals(line, event.toString());

        String bare = AuditEvent.builder(AuditEvent.Kind.WARNING).time(AT).build().toJson();
        assertEquals("{\"time\":\"2025-03-01T12:00:00.123Z\",\"event\":\"warning\"}", bare);
    }

    @Test
    void aHostilePathCannotBreakTheLineOrTheJsonAndComesBackExactly() throws Exception {
        String hostile = "/a\"b\\c\nd\re\u0000f\u001b[31mg\u007f\u2028h\u00e9\ud83d\ude00"
                + "\ud800}{\"event\":\"issued\"}";
        AuditEvent event = AuditEvent.builder(AuditEvent.Kind.REJECTED).time(AT)
                .request("198.51.100.1", "GET\r\nX: y", hostile).build();
        String line = event.toJson();
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII only: " + line);
        JsonNode parsed = JSON.readTree(line);
        assertEquals(hostile, parsed.get("path").asText());
        assertEquals("GET\r\nX: y", parsed.get("method").asText());
        assertEquals("rejected", parsed.get("event").asText(), "no injected field wins");
        assertEquals(5, parsed.size());
    }

    @Test
    void longTextsAreCutToTheirBoundsAndMarked() throws Exception {
        String path = "/" + "p".repeat(5000);
        AuditEvent.Builder builder = AuditEvent.builder(AuditEvent.Kind.ALERT).time(AT)
                .request("x".repeat(1000), "M".repeat(1000), path).subject("s".repeat(1000));
        for (int i = 0; i < 40; i++) {
            builder.detail("k" + i, "v".repeat(1000));
        }
        AuditEvent event = builder.build();
        assertEquals(AuditEvent.MAX_PATH_LENGTH, event.path().length());
        assertTrue(event.path().endsWith("…"));
        assertEquals(AuditEvent.MAX_TEXT_LENGTH, event.subject().length());
        assertEquals(AuditEvent.MAX_TEXT_LENGTH, event.clientAddress().length());
        assertEquals(AuditEvent.MAX_TEXT_LENGTH, event.method().length());
        assertEquals(AuditEvent.MAX_DETAILS, event.details().size());
        assertEquals(AuditEvent.MAX_TEXT_LENGTH, ((String) event.details().get("k0")).length());
        assertTrue(event.toJson().length() < 10_000, "bounded line: " + event.toJson().length());
        JSON.readTree(event.toJson());
    }

    @Test
    void aCutNeverSplitsASurrogatePair() throws Exception {
        String path = "/" + "a".repeat(AuditEvent.MAX_PATH_LENGTH - 3) + "\ud83d\ude00\ud83d\ude00";
        AuditEvent event = AuditEvent.builder(AuditEvent.Kind.REJECTED).request(null, null, path)
                .build();
        String kept = event.path();
        assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 2)), kept);
        assertTrue(kept.endsWith("…"));
    }

    @Test
    void detailsKeepNumbersAndBooleansAndTurnOtherValuesIntoText() throws Exception {
        AuditEvent event = AuditEvent.builder(AuditEvent.Kind.WARNING).time(AT)
                .detail("n", 3).detail("d", 1.5).detail("nan", Double.NaN)
                .detail("when", AT).detail("skipped", null).detail(null, "x").build();
        JsonNode details = JSON.readTree(event.toJson()).get("details");
        assertEquals(3, details.get("n").asInt());
        assertTrue(details.get("d").isDouble());
        assertEquals("NaN", details.get("nan").asText());
        assertEquals(AT.toString(), details.get("when").asText());
        assertEquals(4, details.size());
        assertEquals(4, event.details().size());
    }
}
