package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.servlet.ChallengeWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For servlets (and other non-JAX-RS code) that call protected beans: answers a
 * {@link NotAuthenticatedException} or {@link AccessDeniedException} escaping the chain with the
 * error contract's 401, 403 or 503 instead of the container's 500. Map it after the
 * {@code JwtFilter}; its optional init-param {@code realm} should equal the filter's.
 */
public class JwtExceptionFilter implements Filter {

    /** The init-param naming the {@code realm} of challenges. */
    public static final String PARAM_REALM = "realm";

    private String realm;

    /** For {@code web.xml}; the realm comes from the init-param at {@link #init}. */
    public JwtExceptionFilter() {
    }

    /** For programmatic registration. */
    public JwtExceptionFilter(String realm) {
        this.realm = realm;
    }

    @Override
    public void init(FilterConfig config) {
        String parameter = config.getInitParameter(PARAM_REALM);
        if (parameter != null) {
            realm = parameter;
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (JwtSecurityException e) {
            answer(response, e);
        } catch (ServletException | RuntimeException e) {
            JwtSecurityException refusal = refusalIn(e);
            if (refusal == null) {
                throw e;
            }
            answer(response, refusal);
        }
    }

    private void answer(ServletResponse response, JwtSecurityException refusal) throws IOException {
        if (!(response instanceof HttpServletResponse) || response.isCommitted()) {
            throw refusal; // too late to answer: let the container deal with it
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.resetBuffer();
        ChallengeWriter.write(http, refusal.answer(realm));
    }

    /** The refusal among the causes of {@code e}, or null. */
    private static JwtSecurityException refusalIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtSecurityException) {
                return (JwtSecurityException) cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
