package dev.perimeter.example.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses a JSON request body as strictly as the filter parses a token's header and claims: strict
 * UTF-8, one object, each member once, nothing after it. A duplicate {@code password} must not
 * mean "the last one", which a proxy or a logging layer in front may read differently.
 */
final class JsonBody {

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBody() {
    }

    /**
     * The object in {@code bytes}.
     *
     * @throws BadRequestException for invalid UTF-8, malformed JSON, a repeated member, trailing
     *         content, or anything but an object
     */
    static JsonNode parse(byte[] bytes) {
        String text;
        try {
            // Decoded here, not by Jackson, which would also take UTF-16 and UTF-32.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the body is not valid UTF-8");
        }
        JsonNode body;
        try {
            body = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: not passed on.
            throw new BadRequestException("the body is not valid JSON, or repeats a member");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestException("the body must be a JSON object");
        }
        return body;
    }
}
