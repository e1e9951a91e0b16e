package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.config.CsrfMode;
import dev.perimeter.jwt.csrf.CsrfPolicy;
import dev.perimeter.jwt.csrf.CsrfRequest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/** {@link CsrfPolicy} on a servlet request. */
final class CsrfCheck {

    private final CsrfPolicy policy;

    CsrfCheck(CsrfMode mode) {
        this.policy = new CsrfPolicy(mode);
    }

    /** Whether a cookie-authenticated request may proceed. */
    boolean passes(HttpServletRequest request) {
        return policy.passes(new ServletCsrfRequest(request));
    }

    private record ServletCsrfRequest(HttpServletRequest request) implements CsrfRequest {

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String header(String name) {
            return request.getHeader(name);
        }

        @Override
        public List<String> cookieValues(String name) {
            Cookie[] cookies = request.getCookies();
            if (cookies == null) {
                return List.of();
            }
            List<String> values = new ArrayList<>(1);
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    values.add(cookie.getValue());
                }
            }
            return values;
        }

        @Override
        public String scheme() {
            return request.getScheme();
        }

        @Override
        public String host() {
            return request.getServerName();
        }

        @Override
        public int port() {
            return request.getServerPort();
        }
    }
}
