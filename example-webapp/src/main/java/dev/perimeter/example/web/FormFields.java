package dev.perimeter.example.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text strictly (WHATWG URL, section 5.1, with
 * no repair): only printable ASCII, {@code %} followed by two hex digits, {@code +} for a space,
 * the decoded bytes valid UTF-8, at most {@value #MAX_FIELDS} fields, each name once. Anything
 * else is a {@link BadRequestException}, so that no malformed form reaches the code that uses it.
 */
final class FormFields {

    /** A form with more fields than this is refused: no endpoint takes more than three. */
    static final int MAX_FIELDS = 16;

    private FormFields() {
    }

    /**
     * The fields of {@code form}, in order.
     *
     * @throws BadRequestException for anything but a well-formed form
     */
    static Map<String, String> decode(byte[] form) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= form.length; i++) {
            if (i < form.length && form[i] != '&') {
                continue;
            }
            if (i > start) {
                if (fields.size() == MAX_FIELDS) {
                    throw new BadRequestException("the form has more than " + MAX_FIELDS + " fields");
                }
                int equals = indexOf(form, (byte) '=', start, i);
                String name = text(form, start, equals < 0 ? i : equals);
                String value = equals < 0 ? "" : text(form, equals + 1, i);
                if (fields.putIfAbsent(name, value) != null) {
                    // The name is not echoed: it is the client's text.
                    throw new BadRequestException("a form field is repeated");
                }
            }
            start = i + 1;
        }
        return fields;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] form, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = form[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw new BadRequestException("the form has a malformed % escape");
                }
                int high = Character.digit(form[i + 1], 16);
                int low = Character.digit(form[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw new BadRequestException("the form has a malformed % escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (b < 0x21 || b > 0x7e) {
                throw new BadRequestException("the form holds a character that must be %-encoded");
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the form is not valid UTF-8");
        }
    }
}
