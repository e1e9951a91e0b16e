package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.config.Parameters;
import dev.perimeter.jwt.metrics.RequestOutcome;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Optional;

/**
 * Where jwt-cdi's own refusals (the interceptor's, and the JAX-RS filter's) become audit events,
 * each also fired as a CDI event of type {@link AuditEvent} that any bean may observe:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class SecurityAlerts {
 *     void on(@Observes AuditEvent event) {
 *         if (event.kind() == AuditEvent.Kind.ALERT) { … }
 *     }
 * }
 * }</pre>
 *
 * <p>When a servlet {@code JwtFilter} runs in the application, its audit log is adopted
 * ({@link #auditLog()}): its events (rejections, detection alerts, what the application records)
 * are fired as CDI events too, and jwt-cdi's refusals join its log. Without one, jwt-cdi keeps an
 * audit log of its own, started at the first refusal and closed with the application. Events are
 * fired on the audit thread ({@value AuditLog#THREAD_NAME}), never on a request's: observe them in
 * {@code @ApplicationScoped} or {@code @Dependent} beans (no request context is active there), and
 * keep observers quick, since a slow one delays later events and, once the queue is full, makes
 * them drop.
 */
@ApplicationScoped
public class PerimeterMonitor {

    @Inject
    BeanManager beanManager;

    @Inject
    Instance<RequestTokenSource> requestSources;

    private volatile AuditLog adopted;
    /** jwt-cdi's own log, when no filter's was adopted; guarded by this. */
    private AuditLog own;

    /**
     * The audit log in use: the servlet filter's when one runs in this application, else
     * jwt-cdi's own. The application may record its own events here.
     */
    public AuditLog auditLog() {
        AuditLog filters = adopted;
        if (filters != null && !filters.isClosed()) {
            return filters;
        }
        return ownLog();
    }

    private synchronized AuditLog ownLog() {
        if (own == null) {
            own = new AuditLog(Clock.systemUTC(),
                    Integer.parseInt(Parameters.AUDIT_QUEUE_SIZE.defaultValue()),
                    Integer.parseInt(Parameters.AUDIT_HISTORY_SIZE.defaultValue()));
            own.addListener(new CdiEventListener(beanManager));
        }
        return own;
    }

    /** A servlet filter started with {@code log}: record into it from now on. */
    void adopt(AuditLog log) {
        adopted = log;
    }

    /** The filter that owns {@code log} is going away. */
    void release(AuditLog log) {
        if (adopted == log) {
            adopted = null;
        }
    }

    /**
     * Records a refusal by jwt-cdi.
     *
     * @param refusal what was thrown (or answered)
     * @param caller  the verified token of the call, if any
     * @param method  the business or resource method refused, or null
     * @param via     {@code interceptor} or {@code jax-rs}
     */
    void refused(JwtSecurityException refusal, Optional<Jwt> caller, Method method, String via) {
        RequestOutcome outcome = outcomeOf(refusal);
        AuditEvent.Builder event = AuditEvent.builder(AuditEvent.Kind.REJECTED)
                .outcome(outcome.outcome()).reason(outcome.reason())
                .status(refusal.answer(Challenges.bearer(null)).status()).detail("via", via);
        if (method != null) {
            event.detail("call", method.getDeclaringClass().getSimpleName() + "."
                    + method.getName());
        }
        caller.ifPresent(jwt -> event.subject(jwt.subject()).tokenId(jwt.id()));
        describeRequest(event);
        auditLog().record(event.build());
    }

    /** Records an event whose fields the caller set, adding the servlet request's when known. */
    void record(AuditEvent.Builder event) {
        describeRequest(event);
        auditLog().record(event.build());
    }

    private static RequestOutcome outcomeOf(JwtSecurityException refusal) {
        if (refusal instanceof AccessDeniedException) {
            return ((AccessDeniedException) refusal).isDeniedToAll() ? RequestOutcome.DENIED
                    : RequestOutcome.INSUFFICIENT_SCOPE;
        }
        NotAuthenticatedException rejected = (NotAuthenticatedException) refusal;
        return rejected.rejection() == null ? RequestOutcome.NO_TOKEN
                : RequestOutcome.of(rejected.rejection());
    }

    /** The client's address, method and path of the current servlet request, when there is one. */
    private void describeRequest(AuditEvent.Builder event) {
        if (!requestContextActive()) {
            return;
        }
        for (RequestTokenSource source : requestSources) {
            source.describe(event);
        }
    }

    private boolean requestContextActive() {
        try {
            return beanManager.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException e) {
            return false;
        }
    }

    /** The monitor of the running CDI container, for code CDI does not manage; or null. */
    static PerimeterMonitor current() {
        try {
            Instance<PerimeterMonitor> monitor = CDI.current().select(PerimeterMonitor.class);
            return monitor.isResolvable() ? monitor.get() : null;
        } catch (IllegalStateException e) {
            return null; // JAX-RS without CDI
        }
    }

    @PreDestroy
    synchronized void close() {
        if (own != null) {
            own.close();
            own = null;
        }
    }
}
