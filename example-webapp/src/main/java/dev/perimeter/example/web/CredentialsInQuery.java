package dev.perimeter.example.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * Refuses a request whose query string carries a field that the endpoint takes from the body
 * (a user name, password or token). Such a URL lands in access logs, proxy logs and browser
 * histories; refusing it, rather than ignoring the field, tells the client at once.
 */
final class CredentialsInQuery {

    private CredentialsInQuery() {
    }

    /** @throws BadRequestException when the query string holds one of {@code bodyFields} */
    static void refuse(HttpServletRequest request, String... bodyFields) {
        if (request.getQueryString() == null) {
            return;
        }
        Map<String, String> query = QueryString.fields(request);
        for (String field : bodyFields) {
            if (query.containsKey(field)) {
                throw new BadRequestException("credentials and tokens belong in the request body,"
                        + " never in the URL");
            }
        }
    }
}
