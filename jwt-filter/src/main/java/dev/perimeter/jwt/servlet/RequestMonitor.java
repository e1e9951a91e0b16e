package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.detection.SignatureBurstDetector;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.runtime.Perimeter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;

/**
 * What a servlet entry point (the filter, the {@code jwt-authentication} module) tells its
 * metrics and audit log about each request's outcome, and the
 * bad-signature burst rule, which only observes (a {@code WARNING}). On the request thread it only
 * counts (a few {@link java.util.concurrent.atomic.LongAdder} increments), reads the clock and
 * queues events. The rule that refuses and revokes is {@link AddressSpreadRule}.
 */
public final class RequestMonitor {

    /** The burst rule's name in events. */
    static final String SIGNATURE_BURST = "bad_signature_burst";

    private final JwtConfig config;
    private final Clock clock;
    private final AuditLog audit;
    private final PerimeterMetrics metrics;
    private final SignatureBurstDetector burst;
    private final EventSampler overBudget;

    /** The monitor of an entry point that runs {@code perimeter}: its metrics and audit log. */
    public RequestMonitor(Perimeter perimeter) {
        this(perimeter.config(), perimeter.audit(), perimeter.metrics());
    }

    RequestMonitor(JwtConfig config, AuditLog audit, PerimeterMetrics metrics) {
        this.config = config;
        this.clock = config.clock();
        this.audit = audit;
        this.metrics = metrics;
        this.burst = new SignatureBurstDetector(config.badSignatureLimit(),
                config.badSignatureWindow(), clock);
        this.overBudget = new EventSampler(clock, 1000);
    }

    /** A request on a public path or permit rule, or a CORS preflight. */
    public void passed() {
        metrics.count(RequestOutcome.PASSED);
    }

    /** A request that went on with a valid token. */
    public void admitted() {
        metrics.count(RequestOutcome.ADMITTED);
    }

    /** What the pipeline decided: its validation time, if it validated, and a refusal, if it refused. */
    public void decided(HttpServletRequest request, BearerDecision decision) {
        if (decision.validationNanos() != BearerDecision.NOT_VALIDATED) {
            metrics.validationTook(decision.validationNanos());
        }
        if (!decision.isRefused()) {
            return;
        }
        if (decision.verification() != null) {
            rejected(request, decision.outcome(), decision.verification());
        } else {
            rejected(request, decision.outcome());
        }
    }

    /** A request refused before or without a verified token. */
    public void rejected(HttpServletRequest request, RequestOutcome outcome) {
        metrics.count(outcome);
        audit.record(event(AuditEvent.Kind.REJECTED, request, outcome).build());
    }

    /**
     * A token refused for {@code outcome} after the verifier ran (by the verifier, or for a
     * binding the request did not prove); its {@code sub} and {@code jti} are named only when its
     * signature verified. Bad signatures also feed the burst rule. Refusals of an address over
     * its budget of failed signatures are audited one a second, with the count held back.
     */
    private void rejected(HttpServletRequest request, RequestOutcome outcome, VerificationResult result) {
        metrics.count(outcome);
        if (result.rejection() == Rejection.ADDRESS_OVER_BUDGET) {
            // a flooding address: one event a second, naming how many were held back
            long heldBack = overBudget.admit();
            if (heldBack >= 0) {
                audit.record(event(AuditEvent.Kind.REJECTED, request, outcome)
                        .detail("not_audited_before", heldBack).build());
            }
            return;
        }
        audit.record(event(AuditEvent.Kind.REJECTED, request, outcome)
                .subject(result.verifiedSubject()).tokenId(result.verifiedTokenId()).build());
        if (result.rejection() == Rejection.BAD_SIGNATURE) {
            SignatureBurstDetector.Burst found = burst.failure();
            if (found != null) {
                audit.record(AuditEvents.of(AuditEvent.Kind.WARNING, request)
                        .time(clock.instant()).outcome("detected").reason(SIGNATURE_BURST)
                        .detail("count", found.count())
                        .detail("limit", config.badSignatureLimit())
                        .detail("window_seconds", config.badSignatureWindow().getSeconds())
                        .detail("window_start", found.windowStart().toString()).build());
            }
        }
    }

    /** A valid token refused by an access rule for lack of a role. */
    public void insufficientScope(HttpServletRequest request, Jwt jwt, String scope) {
        metrics.count(RequestOutcome.INSUFFICIENT_SCOPE);
        audit.record(event(AuditEvent.Kind.REJECTED, request, RequestOutcome.INSUFFICIENT_SCOPE)
                .subject(jwt.subject()).tokenId(jwt.id()).detail("required", scope).build());
    }

    /**
     * A valid token refused by a step-up rule (RFC 9470): its authentication is not strong or
     * recent enough for {@code requirement} ({@code acr=…; max-age=…}).
     */
    public void insufficientUserAuthentication(HttpServletRequest request, Jwt jwt,
            String requirement) {
        metrics.count(RequestOutcome.INSUFFICIENT_USER_AUTHENTICATION);
        audit.record(event(AuditEvent.Kind.REJECTED, request,
                RequestOutcome.INSUFFICIENT_USER_AUTHENTICATION)
                .subject(jwt.subject()).tokenId(jwt.id()).detail("required", requirement).build());
    }

    /** A valid token refused as revoked by the address-spread rule ({@link AddressSpreadRule}). */
    public void revoked(HttpServletRequest request, Jwt jwt) {
        metrics.count(RequestOutcome.REVOKED);
        audit.record(event(AuditEvent.Kind.REJECTED, request, RequestOutcome.REVOKED)
                .subject(jwt.subject()).tokenId(jwt.id()).detail("rule", AddressSpreadRule.NAME)
                .build());
    }

    private AuditEvent.Builder event(AuditEvent.Kind kind, HttpServletRequest request,
            RequestOutcome outcome) {
        return AuditEvents.of(kind, request).time(clock.instant()).outcome(outcome.outcome())
                .reason(outcome.reason()).status(outcome.status());
    }
}
