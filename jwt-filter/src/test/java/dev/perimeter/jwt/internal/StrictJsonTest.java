package dev.perimeter.jwt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static Map<String, Object> parse(String json) throws StrictJson.MalformedJsonException {
        return StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String json) {
        return assertThrows(StrictJson.MalformedJsonException.class, () -> parse(json)).getMessage();
    }

    @Test
    void anObjectBecomesPlainJavaValues() throws Exception {
        Map<String, Object> map = parse("{\"s\":\"x\",\"n\":5,\"big\":123456789012345678901234567890,"
                + "\"f\":1.5,\"t\":true,\"z\":null,\"a\":[1,\"b\"],\"o\":{\"k\":\"v\"}}");
        assertEquals("x", map.get("s"));
        assertEquals(5L, map.get("n"));
        assertEquals(new BigInteger("123456789012345678901234567890"), map.get("big"));
        assertEquals(1.5, map.get("f"));
        assertEquals(Boolean.TRUE, map.get("t"));
        assertTrue(map.containsKey("z"));
        assertNull(map.get("z"));
        assertEquals(List.of(1L, "b"), map.get("a"));
        assertEquals(Map.of("k", "v"), map.get("o"));
    }

    @Test
    void duplicateMembersAreRefusedAtEveryLevel() {
        assertEquals("duplicate member name", failure("{\"alg\":\"HS256\",\"alg\":\"none\"}"));
        assertEquals("duplicate member name", failure("{\"o\":{\"a\":1,\"a\":2}}"));
    }

    @Test
    void deepNestingIsRefusedWithoutRecursingThroughIt() {
        String deep = "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        assertEquals("JSON nested too deeply", failure(deep));
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        int arrays = StrictJson.MAX_DEPTH - 1;
        assertFalse(parse("{\"a\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}").isEmpty());
    }

    @Test
    void anythingButOneObjectIsRefused() {
        assertEquals("not a JSON object", failure("null"));
        assertEquals("not a JSON object", failure("[]"));
        assertEquals("not a JSON object", failure("\"x\""));
        assertEquals("not a JSON object", failure(""));
        assertEquals("trailing content after the JSON object", failure("{} {}"));
        assertEquals("invalid JSON", failure("{\"a\":1"));
        assertEquals("invalid JSON", failure("{'a':1}"));
    }

    @Test
    void messagesNeverQuoteTheInput() {
        String message = failure("{\"secret-looking-name\":tru}");
        assertFalse(message.contains("secret-looking-name"), message);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThrows(StrictJson.MalformedJsonException.class, () -> StrictJson.parseObject(bytes));
    }
}
