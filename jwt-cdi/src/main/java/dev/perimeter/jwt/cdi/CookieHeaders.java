package dev.perimeter.jwt.cdi;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads cookie values from raw {@code Cookie} headers (RFC 6265 section 5.4). JAX-RS offers
 * cookies only as a map, which hides a cookie sent twice; Perimeter refuses those, so it reads
 * every occurrence itself.
 */
final class CookieHeaders {

    private CookieHeaders() {
    }

    /** Every value of the cookie {@code name}, in order, quotes removed. */
    static List<String> values(List<String> cookieHeaders, String name) {
        List<String> values = new ArrayList<>(1);
        if (cookieHeaders == null) {
            return values;
        }
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals < 0 || !pair.substring(0, equals).trim().equals(name)) {
                    continue;
                }
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.add(value);
            }
        }
        return values;
    }
}
