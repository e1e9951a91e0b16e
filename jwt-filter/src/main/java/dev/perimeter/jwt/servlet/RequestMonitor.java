package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.detection.AddressSpreadAction;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.detection.AddressSpreadDetector;
import dev.perimeter.jwt.detection.SignatureBurstDetector;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.SyncTracker;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;

/**
 * What the filter tells its metrics, audit log and detection rules about each request. On the
 * request thread it only counts (a few {@link java.util.concurrent.atomic.LongAdder} increments),
 * reads the clock and queues events; revocations decided by a rule run on the audit thread.
 */
final class RequestMonitor {

    /** The rule names in events. */
    static final String ADDRESS_SPREAD = "token_address_spread";
    static final String SIGNATURE_BURST = "bad_signature_burst";
    /** The denylist expiry of a token without {@code exp} (the latest date a claim may hold). */
    private static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private final JwtConfig config;
    private final Clock clock;
    private final AuditLog audit;
    private final PerimeterMetrics metrics;
    private final AddressSpreadAction spreadAction;
    private final AddressSpreadDetector spread;
    private final SignatureBurstDetector burst;
    private final EventSampler overBudget;

    private final RevocationStore store;

    RequestMonitor(JwtConfig config, AuditLog audit, PerimeterMetrics metrics,
            RevocationStore store) {
        this.config = config;
        this.store = store;
        this.clock = config.clock();
        this.audit = audit;
        this.metrics = metrics;
        this.spreadAction = config.tokenAddressAction();
        this.spread = spreadAction == AddressSpreadAction.OFF ? null
                : new AddressSpreadDetector(config.tokenAddressLimit(),
                        config.tokenAddressWindow(), spreadAction.revokes(), clock,
                        audit::execute);
        this.burst = new SignatureBurstDetector(config.badSignatureLimit(),
                config.badSignatureWindow(), clock);
        this.overBudget = new EventSampler(clock, 1000);
    }

    /** A request on a public path or permit rule, or a CORS preflight. */
    void passed() {
        metrics.count(RequestOutcome.PASSED);
    }

    /** A request that went on with a valid token. */
    void admitted() {
        metrics.count(RequestOutcome.ADMITTED);
    }

    /** How long a validation took, in nanoseconds. */
    void validated(long nanos) {
        metrics.validationTook(nanos);
    }

    /** A request refused before or without a verified token. */
    void rejected(HttpServletRequest request, RequestOutcome outcome) {
        metrics.count(outcome);
        audit.record(event(AuditEvent.Kind.REJECTED, request, outcome).build());
    }

    /**
     * A token refused by the verifier; its {@code sub} and {@code jti} are named only when its
     * signature verified. Bad signatures also feed the burst rule. Refusals of an address over
     * its budget of failed signatures are audited one a second, with the count held back.
     */
    void rejected(HttpServletRequest request, VerificationResult result) {
        RequestOutcome outcome = RequestOutcome.of(result.rejection());
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
    void insufficientScope(HttpServletRequest request, Jwt jwt, String scope) {
        metrics.count(RequestOutcome.INSUFFICIENT_SCOPE);
        audit.record(event(AuditEvent.Kind.REJECTED, request, RequestOutcome.INSUFFICIENT_SCOPE)
                .subject(jwt.subject()).tokenId(jwt.id()).detail("required", scope).build());
    }

    /**
     * Runs the address rule on a valid token.
     *
     * @return true when the request must be refused as revoked: the token just crossed the limit
     *         under a revoking action, or had crossed it before
     */
    boolean refusesSpread(HttpServletRequest request, Jwt jwt, String token) {
        if (spread == null) {
            return false;
        }
        String address = String.valueOf(request.getRemoteAddr());
        AddressSpreadDetector.Verdict verdict = spread.observe(jwt.id(), token, address);
        if (verdict == AddressSpreadDetector.Verdict.WITHIN_LIMIT) {
            return false;
        }
        if (verdict == AddressSpreadDetector.Verdict.CROSSED) {
            alert(request, jwt, token);
            if (!spreadAction.revokes()) {
                return false;
            }
        }
        metrics.count(RequestOutcome.REVOKED);
        audit.record(event(AuditEvent.Kind.REJECTED, request, RequestOutcome.REVOKED)
                .subject(jwt.subject()).tokenId(jwt.id()).detail("rule", ADDRESS_SPREAD).build());
        return true;
    }

    private void alert(HttpServletRequest request, Jwt jwt, String token) {
        Instant now = clock.instant();
        java.util.List<String> addresses = spread.addresses(jwt.id(), token);
        audit.record(AuditEvents.of(AuditEvent.Kind.ALERT, request).time(now)
                .outcome(spreadAction.toString()).reason(ADDRESS_SPREAD)
                .subject(jwt.subject()).tokenId(jwt.id())
                .detail("addresses", String.join(" ", addresses))
                .detail("distinct", addresses.size())
                .detail("limit", config.tokenAddressLimit())
                .detail("window_seconds", config.tokenAddressWindow().getSeconds()).build());
        if (spreadAction.revokes()) {
            String subject = jwt.subject();
            String tokenId = jwt.id();
            Instant expiresAt = jwt.expiresAt() != null ? jwt.expiresAt() : NO_EXPIRY;
            audit.execute(() -> revoke(subject, tokenId, expiresAt, now));
        }
    }

    /** On the audit thread: the revocation the rule decided, and its REVOKED event. */
    private void revoke(String subject, String tokenId, Instant expiresAt, Instant crossedAt) {
        AuditEvent.Builder event = AuditEvent.builder(AuditEvent.Kind.REVOKED)
                .time(clock.instant()).reason(ADDRESS_SPREAD).subject(subject).tokenId(tokenId)
                .detail("action", spreadAction.toString());
        try {
            if (spreadAction == AddressSpreadAction.REVOKE_SUBJECT && subject != null) {
                store.revokeSubject(subject, crossedAt);
                event.detail("cutoff", crossedAt.toString());
            } else if (tokenId != null) {
                store.revokeToken(tokenId, expiresAt);
            } else {
                audit.record(event.outcome("failure").detail("error", "the token has no "
                        + (spreadAction == AddressSpreadAction.REVOKE_SUBJECT ? "sub or " : "")
                        + "jti to revoke; this node refuses it while it tracks it").build());
                return;
            }
            audit.record(event.outcome("success").build());
        } catch (RuntimeException e) {
            audit.record(event.outcome("failure").detail("error", SyncTracker.describe(e)).build());
        }
    }

    private AuditEvent.Builder event(AuditEvent.Kind kind, HttpServletRequest request,
            RequestOutcome outcome) {
        return AuditEvents.of(kind, request).time(clock.instant()).outcome(outcome.outcome())
                .reason(outcome.reason()).status(outcome.status());
    }
}
