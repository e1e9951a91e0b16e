package dev.perimeter.jwt.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON object, strictly UTF-8, into plain Java values: {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Long} or {@code BigInteger}, {@code Double},
 * {@code Boolean} and {@code null}. Duplicate member names, trailing content, nesting deeper than
 * {@link #MAX_DEPTH} and anything but an object at the top are rejected, because a lenient parser
 * lets the last duplicate {@code alg} or {@code exp} win.
 */
public final class StrictJson {

    /** Deeper nesting than any real claim set needs; keeps hostile payloads cheap to refuse. */
    public static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(64)
                    .build())
            .build();

    private StrictJson() {
    }

    /** Thrown for any input that is not one strict JSON object. Carries no input content. */
    public static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses UTF-8 bytes holding exactly one JSON object. */
    public static Map<String, Object> parseObject(byte[] utf8) throws MalformedJsonException {
        // Decoded here, strictly, not by Jackson: its byte parser also reads UTF-16 and UTF-32,
        // and decodes overlong forms ("adm\xC1\xA9n" as "admin"). RFC 8259 section 8.1 and
        // RFC 3629 section 3 allow neither; a claim must have one spelling.
        CharBuffer text = ascii(utf8);
        if (text == null) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8));
            } catch (CharacterCodingException e) {
                throw new MalformedJsonException("not UTF-8");
            }
        }
        if (text.hasRemaining() && text.get(text.position()) == '\uFEFF') {
            // Skipped as Jackson did: RFC 8259 lets parsers ignore a BOM, editors add one to files.
            text.position(text.position() + 1);
        }
        try (JsonParser parser = FACTORY.createParser(text.array(),
                text.arrayOffset() + text.position(), text.remaining())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("not a JSON object");
            }
            Map<String, Object> result = readObject(parser);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("trailing content after the JSON object");
            }
            return result;
        } catch (MalformedJsonException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson's messages quote input; ours name only the kind of problem.
            throw new MalformedJsonException(describe(e));
        }
    }

    /**
     * The text of pure ASCII bytes (the usual header and claims), else null: ASCII is valid UTF-8
     * with one char per byte, so the strict decoder is needed only when some byte is not.
     */
    private static CharBuffer ascii(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0) {
                return null;
            }
            chars[i] = (char) b;
        }
        return CharBuffer.wrap(chars);
    }

    private static String describe(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("duplicate")) {
            return "duplicate member name";
        }
        if (message.contains("nesting depth")) {
            return "JSON nested too deeply";
        }
        if (message.contains("number value length") || message.contains("number length")) {
            return "number too long";
        }
        return "invalid JSON";
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            map.put(name, readValue(parser));
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(parser));
        }
        return Collections.unmodifiableList(list);
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readObject(parser);
            case START_ARRAY:
                return readArray(parser);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token");
        }
    }
}
