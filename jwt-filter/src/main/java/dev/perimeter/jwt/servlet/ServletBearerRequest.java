package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.bearer.BearerRequest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A servlet request as the bearer pipeline reads it; cookies as the container parsed them, the
 * client address from {@code getRemoteAddr()}. The filter and the {@code jwt-authentication}
 * module's {@code ServerAuthModule} both read requests through it.
 */
public record ServletBearerRequest(HttpServletRequest request) implements BearerRequest {

    /** Where a servlet container puts the client's certificate chain (Servlet 6.0, 3.10). */
    public static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public List<String> headerValues(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return Collections.singletonList(first);
        }
        List<String> all = new ArrayList<>(2);
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
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

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public String requestPath() {
        return request.getRequestURI();
    }

    @Override
    public X509Certificate clientCertificate() {
        Object chain = request.getAttribute(CERTIFICATE_ATTRIBUTE);
        if (chain instanceof X509Certificate[] && ((X509Certificate[]) chain).length > 0) {
            return ((X509Certificate[]) chain)[0];
        }
        return null;
    }
}
