package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.detection.AddressSpreadAction;
import dev.perimeter.jwt.detection.AddressSpreadDetector;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.SyncTracker;
import dev.perimeter.jwt.runtime.Perimeter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The address-spread rule on valid tokens: a token used from more distinct client addresses than
 * {@code token-address-limit} within {@code token-address-window} raises an {@code ALERT} and,
 * under a revoking action, is refused and revoked. The revocation and its {@code REVOKED} event
 * run on the audit thread, so the request thread never waits on the store. The refusal itself is
 * recorded by the caller through {@link RequestMonitor#revoked}.
 */
public final class AddressSpreadRule {

    /** The rule's name in events. */
    static final String NAME = "token_address_spread";
    /** The denylist expiry of a token without {@code exp} (the latest date a claim may hold). */
    private static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private final AddressSpreadAction action;
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final AuditLog audit;
    private final RevocationStore store;
    private final RequestMonitor monitor;
    /** Null when the action is off: nothing is tracked. */
    private final AddressSpreadDetector spread;

    /**
     * The rule as {@code perimeter}'s configuration sets it ({@code token-address-*}), raising
     * alerts in its audit log, revoking into its revocation store, and recording the refusals it
     * decides with {@code monitor}.
     */
    public AddressSpreadRule(Perimeter perimeter, RequestMonitor monitor) {
        this(perimeter.config().tokenAddressAction(), perimeter.config().tokenAddressLimit(),
                perimeter.config().tokenAddressWindow(), perimeter.config().clock(),
                perimeter.audit(), perimeter.revocationStore(), monitor);
    }

    /**
     * @param action what crossing the limit does; {@code OFF} tracks nothing
     * @param limit  more distinct addresses than this within the window cross it
     * @param window how long an address counts after it was last seen
     * @param clock  the time of events and revocations
     * @param audit  the events, and the thread revocations run on
     * @param store  where a revoking action writes
     * @param monitor  records the refusals
     */
    AddressSpreadRule(AddressSpreadAction action, int limit, Duration window, Clock clock,
            AuditLog audit, RevocationStore store, RequestMonitor monitor) {
        this.monitor = monitor;
        this.action = action;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.audit = audit;
        this.store = store;
        this.spread = action == AddressSpreadAction.OFF ? null
                : new AddressSpreadDetector(limit, window, action.revokes(), clock,
                        audit::execute);
    }

    /**
     * Runs the rule on a valid token.
     *
     * @return true when the request must be refused as revoked: the token just crossed the limit
     *         under a revoking action, or had crossed it before
     */
    public boolean refuses(HttpServletRequest request, Jwt jwt, String token) {
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
            if (!action.revokes()) {
                return false;
            }
        }
        monitor.revoked(request, jwt);
        return true;
    }

    private void alert(HttpServletRequest request, Jwt jwt, String token) {
        Instant now = clock.instant();
        List<String> addresses = spread.addresses(jwt.id(), token);
        audit.record(AuditEvents.of(AuditEvent.Kind.ALERT, request).time(now)
                .outcome(action.toString()).reason(NAME)
                .subject(jwt.subject()).tokenId(jwt.id())
                .detail("addresses", String.join(" ", addresses))
                .detail("distinct", addresses.size())
                .detail("limit", limit)
                .detail("window_seconds", window.getSeconds()).build());
        if (action.revokes()) {
            String subject = jwt.subject();
            String tokenId = jwt.id();
            Instant expiresAt = jwt.expiresAt() != null ? jwt.expiresAt() : NO_EXPIRY;
            audit.execute(() -> revoke(subject, tokenId, expiresAt, now));
        }
    }

    /** On the audit thread: the revocation the rule decided, and its REVOKED event. */
    private void revoke(String subject, String tokenId, Instant expiresAt, Instant crossedAt) {
        AuditEvent.Builder event = AuditEvent.builder(AuditEvent.Kind.REVOKED)
                .time(clock.instant()).reason(NAME).subject(subject).tokenId(tokenId)
                .detail("action", action.toString());
        try {
            if (action == AddressSpreadAction.REVOKE_SUBJECT && subject != null) {
                store.revokeSubject(subject, crossedAt);
                event.detail("cutoff", crossedAt.toString());
            } else if (tokenId != null) {
                store.revokeToken(tokenId, expiresAt);
            } else {
                audit.record(event.outcome("failure").detail("error", "the token has no "
                        + (action == AddressSpreadAction.REVOKE_SUBJECT ? "sub or " : "")
                        + "jti to revoke; this node refuses it while it tracks it").build());
                return;
            }
            audit.record(event.outcome("success").build());
        } catch (RuntimeException e) {
            audit.record(event.outcome("failure").detail("error", SyncTracker.describe(e)).build());
        }
    }
}
