package dev.perimeter.example.web;

import jakarta.servlet.http.HttpServletRequest;

/** Whether a login asks for cookie mode: {@code ?mode=cookie}. */
final class CookieMode {

    private CookieMode() {
    }

    static boolean requested(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.equals("mode=cookie")) {
                return true;
            }
        }
        return false;
    }
}
