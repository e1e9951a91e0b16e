package dev.perimeter.example.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Request fields and JSON answers of the application's endpoints. Requests carry their fields as
 * a JSON object or as a form; answers are JSON with {@code Cache-Control: no-store}, and errors
 * are {@code {"error":…,"error_description":…}} as in OAuth 2.0.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bodies larger than this are refused unread. */
    static final int MAX_BODY = 16 * 1024;

    private Json() {
    }

    /**
     * The string fields {@code names} of the request body, JSON or form; absent ones are left out.
     * A request without a body has none.
     *
     * @throws BadRequestException for another content type, malformed JSON, a field that is not a
     *         string, or a body over {@value #MAX_BODY} bytes
     */
    static Map<String, String> fields(HttpServletRequest request, String... names) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String type = request.getContentType() == null ? ""
                : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            if (request.getContentLengthLong() > MAX_BODY) {
                throw new BadRequestException("the request body is too large");
            }
            for (String name : names) {
                String[] values = request.getParameterValues(name);
                if (values != null && values.length > 1) {
                    throw new BadRequestException("the field " + name + " is repeated");
                }
                if (values != null) {
                    fields.put(name, values[0]);
                }
            }
        } else if (type.startsWith("application/json")) {
            JsonNode body = read(request);
            for (String name : names) {
                JsonNode value = body.get(name);
                if (value != null && !value.isNull()) {
                    if (!value.isTextual()) {
                        throw new BadRequestException("the field " + name + " must be a string");
                    }
                    fields.put(name, value.textValue());
                }
            }
        } else if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            throw new BadRequestException("expected application/json or"
                    + " application/x-www-form-urlencoded");
        }
        return fields;
    }

    /** Whether the request body is declared JSON. */
    static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static JsonNode read(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new BadRequestException("the request body is too large");
        }
        try {
            JsonNode body = MAPPER.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new BadRequestException("the body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON");
        }
    }

    /** Answers {@code status} with {@code body} as JSON. */
    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        noStore(response);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Answers an OAuth-style error. */
    static void error(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        write(response, status, body);
    }

    /** Token answers must not be cached (RFC 6749, 5.1). */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }
}
