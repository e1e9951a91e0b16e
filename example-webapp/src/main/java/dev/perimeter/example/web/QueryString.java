package dev.perimeter.example.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The query string's fields, decoded by {@link FormFields} as strictly as a form body, and read
 * by the application itself: the container's {@code getParameter*} would also parse the body.
 */
final class QueryString {

    private QueryString() {
    }

    /**
     * The fields of the request's query string; none without one.
     *
     * @throws BadRequestException for a malformed query string
     */
    static Map<String, String> fields(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? Map.of() : FormFields.decode(query.getBytes(StandardCharsets.ISO_8859_1));
    }
}
