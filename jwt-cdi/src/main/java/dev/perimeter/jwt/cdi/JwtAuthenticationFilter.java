package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.bearer.BearerAuthenticator;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.servlet.ServletBearerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Authenticates JAX-RS requests. A token that the servlet {@code JwtFilter} already verified (its
 * request attribute) is adopted as it is. Otherwise, when built with a configuration, the filter
 * runs the servlet filter's pipeline ({@link BearerAuthenticator}) on the request, with the client
 * address of the servlet container when there is one, and answers with its error contract:
 * 400 for a malformed bearer request, 401 {@code invalid_token} for a rejected token, 403 for a
 * cookie token without CSRF proof, 503 when keys or revocation state are unavailable. A request
 * without a token goes on unauthenticated: the annotations on the resource decide, as they do
 * for a {@code @PermitAll} method. An admitted request gets a {@code SecurityContext} answering
 * from the token, and its token becomes the one that CDI beans see.
 *
 * <p>Path {@code rules} and {@code public-paths} are the servlet filter's; in JAX-RS, annotate
 * resources instead.
 *
 * <p>A verifying filter counts its decisions and times its validations in {@link #metrics()}
 * (a request without a token counts as {@code passed}), and records each refusal as an audit
 * event through {@link PerimeterMonitor} when CDI runs. The detection rules belong to the servlet
 * filter.
 */
@Priority(Priorities.AUTHENTICATION)
public final class JwtAuthenticationFilter implements ContainerRequestFilter {

    private final BearerAuthenticator authenticator;
    private final PerimeterMetrics metrics;

    /**
     * The servlet request behind this JAX-RS request, injected (as a proxy) when JAX-RS runs in a
     * servlet container: its client address feeds the per-address signature budget. Null
     * elsewhere.
     */
    @Context
    private HttpServletRequest servletRequest;

    private JwtAuthenticationFilter(Perimeter perimeter) {
        this.authenticator = perimeter == null ? null : perimeter.authenticator();
        this.metrics = perimeter == null ? null : perimeter.metrics();
    }

    /** A filter that verifies tokens with {@code perimeter}'s pipeline. */
    public static JwtAuthenticationFilter verifying(Perimeter perimeter) {
        return new JwtAuthenticationFilter(Objects.requireNonNull(perimeter, "perimeter"));
    }

    /** A filter that only adopts what the servlet {@code JwtFilter} in front of it verified. */
    public static JwtAuthenticationFilter adoptingServletFilter() {
        return new JwtAuthenticationFilter(null);
    }

    /** The counts and timings of a verifying filter; null for one that adopts the servlet filter's. */
    public PerimeterMetrics metrics() {
        return metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Object verified = request.getProperty(Jwt.REQUEST_ATTRIBUTE);
        if (verified instanceof Jwt) {
            admit(request, (Jwt) verified);
            return;
        }
        if (authenticator == null) {
            return;
        }
        BearerDecision decision = authenticator.authenticate(
                new JaxRsBearerRequest(request, clientAddress(), clientCertificate()));
        if (decision.validationNanos() != BearerDecision.NOT_VALIDATED) {
            metrics.validationTook(decision.validationNanos());
        }
        if (decision.outcome() == RequestOutcome.PASSED) {
            return; // a CORS preflight: untouched and uncounted
        }
        if (decision.outcome() == RequestOutcome.NO_TOKEN) {
            metrics.count(RequestOutcome.PASSED); // the resource's annotations decide
            return;
        }
        if (decision.isRefused()) {
            refuse(request, decision.outcome(), decision.verification(), decision.challenge());
            return;
        }
        metrics.count(RequestOutcome.ADMITTED);
        request.setProperty(Jwt.REQUEST_ATTRIBUTE, decision.jwt());
        admit(request, decision.jwt());
    }

    /** The client's address from the servlet container, or null outside one. */
    private String clientAddress() {
        if (servletRequest == null) {
            return null;
        }
        try {
            return servletRequest.getRemoteAddr();
        } catch (IllegalStateException e) {
            return null; // a proxy with no servlet request behind it
        }
    }

    /** The client's TLS certificate from the servlet container, or null. */
    private X509Certificate clientCertificate() {
        if (servletRequest == null) {
            return null;
        }
        try {
            return new ServletBearerRequest(servletRequest).clientCertificate();
        } catch (IllegalStateException e) {
            return null; // a proxy with no servlet request behind it
        }
    }

    /** Counts, audits and answers a refusal; names sub and jti only of verified signatures. */
    private void refuse(ContainerRequestContext request, RequestOutcome outcome,
            VerificationResult result, BearerChallenge answer) {
        metrics.count(outcome);
        PerimeterMonitor monitor = PerimeterMonitor.current();
        if (monitor != null) {
            AuditEvent.Builder event = AuditEvent.builder(AuditEvent.Kind.REJECTED)
                    .outcome(outcome.outcome()).reason(outcome.reason()).status(answer.status())
                    .request(null, request.getMethod(),
                            request.getUriInfo().getRequestUri().getRawPath())
                    .detail("via", "jax-rs");
            if (result != null) {
                event.subject(result.verifiedSubject()).tokenId(result.verifiedTokenId());
            }
            monitor.record(event);
        }
        abort(request, answer);
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
}
