package dev.perimeter.jwt.bearer;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.dpop.DpopMode;
import dev.perimeter.jwt.dpop.DpopVerifier;

/**
 * The answers of the pipeline in the schemes a resource accepts: {@code Bearer} alone (DPoP off),
 * both (a {@code DPoP algs="…"} challenge is offered beside every bearer one, RFC 9449 section
 * 7.2), or {@code DPoP} alone (DPoP required). A refusal of a request that used the DPoP scheme
 * is answered in that scheme. Every entry point answers through the {@link
 * BearerAuthenticator#challenges()} of its pipeline, so all of them offer the same schemes.
 * With protected resource metadata on (RFC 9728), every challenge of every scheme names the
 * metadata URL in {@code resource_metadata} (section 5.1); this class is the one place that adds it.
 */
public final class Challenges {

    private final String realm;
    private final DpopMode mode;
    /** {@code DPoP algs="…"}: the challenge offered beside a bearer one. */
    private final String dpopOffer;
    private final String algs;
    /** The {@code resource_metadata} URL, or null when metadata is off. */
    private final String resourceMetadata;

    Challenges(String realm, DpopVerifier dpop, String resourceMetadata) {
        this.realm = realm;
        this.resourceMetadata = resourceMetadata;
        this.mode = dpop == null ? DpopMode.OFF : dpop.settings().mode();
        this.algs = dpop == null ? null : dpop.settings().algorithmNames();
        this.dpopOffer = algs == null ? null : BearerChallenge.dpop(realm, null, null, algs).challenge();
    }

    /** The answers of a resource that accepts bearer tokens only, with {@code realm} (may be null). */
    public static Challenges bearer(String realm) {
        return new Challenges(realm, null, null);
    }

    /** No token came. */
    public BearerChallenge noToken() {
        if (mode == DpopMode.REQUIRED) {
            return named(BearerChallenge.dpop(realm, null, null, algs));
        }
        return offeringDpop(BearerChallenge.noToken(realm));
    }

    /** The request is malformed as a bearer (or DPoP) request. */
    public BearerChallenge invalidRequest(String description) {
        return offeringDpop(BearerChallenge.invalidRequest(realm, description));
    }

    /** A token refused for {@code rejection}, in the scheme it came in. */
    public BearerChallenge rejected(boolean dpopScheme, Rejection rejection, String description) {
        if (rejection.isServerFault()) {
            return BearerChallenge.unavailable(description);
        }
        if (dpopScheme || mode == DpopMode.REQUIRED || !"invalid_token".equals(rejection.error())) {
            return named(BearerChallenge.dpop(realm, rejection.error(), description, algs));
        }
        return offeringDpop(BearerChallenge.invalidToken(realm, description));
    }

    /** A valid token refused as revoked by a rule of this node (the address-spread rule). */
    public BearerChallenge revoked() {
        return rejected(false, Rejection.REVOKED, Rejection.REVOKED.description());
    }

    /** 403 {@code insufficient_scope}, naming the roles (space-separated) that would be accepted. */
    public BearerChallenge insufficientScope(String scope) {
        return named(BearerChallenge.insufficientScope(realm, scope));
    }

    /** 403 without a challenge: access is denied to everyone. */
    public BearerChallenge denied() {
        return BearerChallenge.denied();
    }

    /** {@link #rejected} with the server nonce to use, for {@code use_dpop_nonce}. */
    BearerChallenge nonceRequired(String description, String nonce) {
        return named(BearerChallenge.dpop(realm, Rejection.NONCE_REQUIRED.error(), description, algs))
                .withHeader(DpopVerifier.NONCE_HEADER, nonce);
    }

    private BearerChallenge offeringDpop(BearerChallenge bearer) {
        return named(mode == DpopMode.ALLOWED ? bearer.alsoOffering(dpopOffer) : bearer);
    }

    /** {@code answer} naming the metadata URL in each challenge, when metadata is on. */
    private BearerChallenge named(BearerChallenge answer) {
        return resourceMetadata == null ? answer : answer.withResourceMetadata(resourceMetadata);
    }
}
