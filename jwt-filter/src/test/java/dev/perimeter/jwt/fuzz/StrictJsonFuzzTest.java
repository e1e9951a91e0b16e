package dev.perimeter.jwt.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.perimeter.jwt.internal.StrictJson;
import java.util.Map;

/**
 * The strict JSON parser on arbitrary bytes: it must answer with an object or a
 * {@link StrictJson.MalformedJsonException}, never another exception, error or hang.
 */
class StrictJsonFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parseObject(byte[] data) {
        try {
            Map<String, Object> object = StrictJson.parseObject(data);
            assertNotNull(object);
        } catch (StrictJson.MalformedJsonException expected) {
            assertNotNull(expected.getMessage());
        }
    }
}
