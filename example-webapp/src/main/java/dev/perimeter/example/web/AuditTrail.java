package dev.perimeter.example.web;

import dev.perimeter.example.FilterDefaults;
import dev.perimeter.example.tokens.AccessToken;
import dev.perimeter.example.tokens.RefreshTokens;
import dev.perimeter.example.tokens.Sessions;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.servlet.AuditEvents;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The application's audit events, recorded in the filter's own {@link AuditLog} so that the
 * trail has one order and one format: logins, refreshes, refused logins and refreshes,
 * refresh-token reuse (an alert), and every revocation, each with the request's client address,
 * method and path ({@link AuditEvents#of}).
 *
 * <p>Events carry the {@code sub} and {@code jti} of tokens this application issued or the
 * filter verified, never token text. A refused login names no user: the name typed is not a
 * verified subject, and people sometimes type their password into it.
 */
final class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    private AuditTrail() {
    }

    /** The filter's audit log, published by its {@code init()}; null before that. */
    static AuditLog log(ServletContext context) {
        Object filter = context.getAttribute(JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + FilterDefaults.FILTER_NAME);
        return filter instanceof Perimeter ? ((Perimeter) filter).audit() : null;
    }

    /** {@code issued}: a login handed out {@code access}. */
    static void loggedIn(HttpServletRequest request, AccessToken access) {
        record(request, event(AuditEvent.Kind.ISSUED, request).outcome("success").reason("login")
                .subject(access.subject()).tokenId(access.jti()));
    }

    /**
     * {@code rejected}: a login refused with {@code status} for {@code reason}
     * ({@code invalid_grant}, {@code too_many_attempts}).
     */
    static void loginRefused(HttpServletRequest request, int status, String reason) {
        record(request, event(AuditEvent.Kind.REJECTED, request).outcome("failure").reason(reason)
                .status(status));
    }

    /**
     * {@code rejected}: a login refused with {@code status} ({@code too_many_attempts}) before
     * its password was checked; the detail {@code limit} says which: {@code user_and_address},
     * {@code address} or {@code busy}.
     */
    static void loginThrottled(HttpServletRequest request, int status, Sessions.ThrottleReason why) {
        record(request, event(AuditEvent.Kind.REJECTED, request).outcome("failure")
                .reason("too_many_attempts").status(status)
                .detail("limit", why.name().toLowerCase(Locale.ROOT)));
    }

    /** {@code refreshed}: a refresh token rotated. */
    static void refreshed(HttpServletRequest request, Sessions.Refreshed refreshed) {
        AccessToken access = refreshed.tokens().access();
        record(request, event(AuditEvent.Kind.REFRESHED, request).outcome("success")
                .reason("refresh").subject(access.subject()).tokenId(access.jti())
                .detail("previous", refreshed.previousJti()).detail("family", refreshed.familyId()));
    }

    /**
     * A refused refresh: {@code alert} ({@code refresh_token_reuse}) when a spent token came
     * again, which revoked its family; {@code rejected} ({@code invalid_grant}) otherwise.
     */
    static void refreshRefused(HttpServletRequest request, Sessions.RefreshRefused refused,
            int status) {
        if (refused.reason() == RefreshTokens.Refusal.REUSED) {
            record(request, event(AuditEvent.Kind.ALERT, request).outcome("revoked")
                    .reason("refresh_token_reuse").status(status).subject(refused.subject())
                    .detail("family", refused.familyId())
                    .detail("access_tokens_revoked", refused.revokedAccessTokens()));
            return;
        }
        record(request, event(AuditEvent.Kind.REJECTED, request).outcome("failure")
                .reason("invalid_grant").status(status).subject(refused.subject())
                .detail("refusal", refused.reason().name().toLowerCase(Locale.ROOT))
                .detail("family", refused.familyId()));
    }

    /**
     * {@code rejected}: a login or refresh ({@code endpoint}) refused with {@code status} for its
     * DPoP proof: {@code invalid_dpop_proof} (missing, invalid, or of another key than the
     * refresh token's) or {@code use_dpop_nonce}.
     */
    static void dpopProofRefused(HttpServletRequest request, int status, String error,
            String endpoint) {
        record(request, event(AuditEvent.Kind.REJECTED, request).outcome("failure").reason(error)
                .status(status).detail("endpoint", endpoint));
    }

    /** {@code rejected}: a refresh from the cookie without the double-submit proof. */
    static void refreshWithoutCsrfProof(HttpServletRequest request, int status) {
        record(request, event(AuditEvent.Kind.REJECTED, request).outcome("csrf_failed")
                .reason("csrf").status(status));
    }

    /** {@code revoked}: a logout revoked the caller's token and {@code others} of its family. */
    static void loggedOut(HttpServletRequest request, Jwt caller, int others) {
        record(request, event(AuditEvent.Kind.REVOKED, request).outcome("success").reason("logout")
                .subject(caller.subject()).tokenId(caller.id())
                .detail("access_tokens", 1 + others));
    }

    /**
     * {@code revoked}: an RFC 7009 revocation of an access token ({@code token}) or of a refresh
     * token's family ({@code refresh_token}); {@code by} is the caller.
     */
    static void revoked(HttpServletRequest request, Sessions.Revoked revoked, Jwt caller) {
        record(request, event(AuditEvent.Kind.REVOKED, request).outcome("success")
                .reason(revoked.jti() != null ? "token" : "refresh_token")
                .subject(revoked.subject()).tokenId(revoked.jti())
                .detail("family", revoked.familyId())
                .detail("access_tokens", revoked.accessTokens()).detail("by", caller.subject()));
    }

    /** {@code rejected}: an RFC 7009 revocation of someone else's token by a non-admin. */
    static void revocationForbidden(HttpServletRequest request, Jwt caller, int status) {
        record(request, event(AuditEvent.Kind.REJECTED, request).outcome("access_denied")
                .reason("not_owner").status(status).subject(caller.subject())
                .tokenId(caller.id()));
    }

    /** {@code revoked}: an admin ended one session of a user. */
    static void sessionRevoked(HttpServletRequest request, String sessionId,
            Sessions.EndedSession ended, Jwt admin) {
        record(request, event(AuditEvent.Kind.REVOKED, request).outcome("success")
                .reason("session").subject(ended.subject()).detail("family", sessionId)
                .detail("access_tokens", ended.accessTokens()).detail("by", admin.subject()));
    }

    /** {@code revoked}: an admin revoked every token of {@code subject} issued until now. */
    static void subjectRevoked(HttpServletRequest request, String subject, Jwt admin) {
        record(request, event(AuditEvent.Kind.REVOKED, request).outcome("success")
                .reason("subject").subject(subject).detail("by", admin.subject()));
    }

    private static AuditEvent.Builder event(AuditEvent.Kind kind, HttpServletRequest request) {
        return AuditEvents.of(kind, request);
    }

    private static void record(HttpServletRequest request, AuditEvent.Builder event) {
        AuditLog log = log(request.getServletContext());
        if (log == null) {
            // Requests reach the servlets through the filter, so it has started; this is a
            // deployment without it.
            LOG.fine("Perimeter example: no audit log of the filter; event not recorded");
            return;
        }
        // The filter's clock, so that the application's events and the filter's share one time.
        log.record(event.time(log.clock().instant()).build());
    }
}
