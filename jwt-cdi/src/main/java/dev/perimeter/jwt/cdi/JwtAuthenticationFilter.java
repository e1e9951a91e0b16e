package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.JwtConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Objects;

/**
 * Authenticates JAX-RS requests. A token that the servlet {@code JwtFilter} already verified (its
 * request attribute) is adopted as it is. Otherwise, when built with a configuration, the filter
 * verifies the request's token itself, by the servlet filter's rules and with its error contract:
 * 400 for a malformed bearer request, 401 {@code invalid_token} for a rejected token, 403 for a
 * cookie token without CSRF proof, 503 when keys or revocation state are unavailable. A request
 * without a token goes on unauthenticated: the annotations on the resource decide, as they do
 * for a {@code @PermitAll} method. An admitted request gets a {@code SecurityContext} answering
 * from the token, and its token becomes the one that CDI beans see.
 *
 * <p>Path {@code rules} and {@code public-paths} are the servlet filter's; in JAX-RS, annotate
 * resources instead.
 */
@Priority(Priorities.AUTHENTICATION)
public final class JwtAuthenticationFilter implements ContainerRequestFilter {

    private final TokenVerifier verifier;
    private final BearerTokens tokens;
    private final CsrfProof csrf;
    private final String realm;

    private JwtAuthenticationFilter(JwtConfig config) {
        this.verifier = config == null ? null : new TokenVerifier(config);
        this.tokens = config == null ? null : new BearerTokens(config.header(), config.cookie());
        this.csrf = config == null ? null : new CsrfProof(config.csrf());
        this.realm = config == null ? null : config.realm();
    }

    /** A filter that verifies tokens with {@code config}. */
    public static JwtAuthenticationFilter verifying(JwtConfig config) {
        return new JwtAuthenticationFilter(Objects.requireNonNull(config, "config"));
    }

    /** A filter that only adopts what the servlet {@code JwtFilter} in front of it verified. */
    public static JwtAuthenticationFilter adoptingServletFilter() {
        return new JwtAuthenticationFilter(null);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Object verified = request.getProperty(Jwt.REQUEST_ATTRIBUTE);
        if (verified instanceof Jwt) {
            admit(request, (Jwt) verified);
            return;
        }
        if (verifier == null || isCorsPreflight(request)) {
            return;
        }
        BearerTokens.Found found = tokens.resolve(request);
        if (found.invalidRequest != null) {
            abort(request, BearerChallenge.invalidRequest(realm, found.invalidRequest));
            return;
        }
        if (!found.isPresent()) {
            return;
        }
        if (found.fromCookie && !csrf.passes(request)) {
            abort(request, BearerChallenge.csrfRejected());
            return;
        }
        VerificationResult result = verifier.verify(found.token);
        if (!result.isValid()) {
            abort(request, result.rejection().isServerFault()
                    ? BearerChallenge.unavailable(result.description())
                    : BearerChallenge.invalidToken(realm, result.description()));
            return;
        }
        request.setProperty(Jwt.REQUEST_ATTRIBUTE, result.jwt());
        admit(request, result.jwt());
    }

    private static void admit(ContainerRequestContext request, Jwt jwt) {
        boolean secure = request.getSecurityContext() != null
                && request.getSecurityContext().isSecure();
        request.setSecurityContext(new JwtSecurityContext(jwt, secure));
        RequestJwt holder = requestJwt();
        if (holder != null) {
            holder.set(jwt);
        }
    }

    /** The request-scoped holder CDI beans read, when CDI runs and a request context is active. */
    private static RequestJwt requestJwt() {
        try {
            Instance<RequestJwt> holder = CDI.current().select(RequestJwt.class);
            if (!holder.isResolvable()) {
                return null;
            }
            RequestJwt instance = holder.get();
            instance.token(); // touches the contextual instance: fails here if no request context
            return instance;
        } catch (IllegalStateException | ContextNotActiveException e) {
            return null; // JAX-RS without CDI, or outside a CDI request: the SecurityContext serves
        }
    }

    private static void abort(ContainerRequestContext request, BearerChallenge answer) {
        request.abortWith(ChallengeResponses.of(answer));
    }

    private static boolean isCorsPreflight(ContainerRequestContext request) {
        return "OPTIONS".equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null;
    }
}
