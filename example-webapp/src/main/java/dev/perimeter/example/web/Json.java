package dev.perimeter.example.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Request fields and JSON answers of the application's endpoints. Requests carry their fields as
 * a JSON object or as a form in the body, read by the application itself; answers are JSON with
 * {@code Cache-Control: no-store}, and errors are {@code {"error":…,"error_description":…}} as
 * in OAuth 2.0.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * The string fields {@code names} of the request body, JSON or form; absent ones are left out.
     * A request without a body has none. The fields come from the body only: a query string that
     * holds one of them is refused, since a credential there is written to access logs and
     * browser histories ({@link CredentialsInQuery}).
     *
     * @throws BadRequestException 400 for another content type, a malformed body (see
     *         {@link FormFields} and {@link JsonBody}), a field that is not a string, or one of
     *         {@code names} in the query string; 413 for a body over
     *         {@value RequestBody#MAX_BYTES} bytes
     */
    static Map<String, String> fields(HttpServletRequest request, String... names) {
        CredentialsInQuery.refuse(request, names);
        Map<String, String> fields = new LinkedHashMap<>();
        String type = request.getContentType() == null ? ""
                : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            requireUtf8(type);
            Map<String, String> form = FormFields.decode(RequestBody.read(request));
            for (String name : names) {
                if (form.containsKey(name)) {
                    fields.put(name, form.get(name));
                }
            }
        } else if (type.startsWith("application/json")) {
            requireUtf8(type);
            JsonNode body = JsonBody.parse(RequestBody.read(request));
            for (String name : names) {
                JsonNode value = body.get(name);
                if (value != null && !value.isNull()) {
                    if (!value.isTextual()) {
                        throw new BadRequestException("the field " + name + " must be a string");
                    }
                    fields.put(name, value.textValue());
                }
            }
        } else if (RequestBody.announced(request)) {
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

    /** Both kinds of body are UTF-8 (RFC 8259, 8.1; WHATWG URL, 5.1); another charset is refused. */
    private static void requireUtf8(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("charset")) {
                String charset = pair[1].trim().replace("\"", "");
                if (!charset.equals("utf-8")) {
                    throw new BadRequestException("the body must be UTF-8");
                }
            }
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

    /** Answers 204, not to be cached: a change was made and there is nothing to say. */
    static void noContent(HttpServletResponse response) {
        noStore(response);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Token answers must not be cached (RFC 6749, 5.1). */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }
}
