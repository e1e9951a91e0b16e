package dev.perimeter.jwt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of the error contract (RFC 6750 section 3): the status, the headers
 * ({@code WWW-Authenticate} where the contract has one, {@code Cache-Control: no-store},
 * {@code X-Content-Type-Options: nosniff}, {@code Retry-After} for 503) and the small JSON body
 * {@code {"error":…,"error_description":…}}.
 * The servlet filter and the JAX-RS integration both answer through this class, so the two
 * cannot drift apart. Descriptions are Perimeter's own fixed texts, never request content.
 */
public final class BearerChallenge {

    /** Seconds a client is asked to wait after a 503. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** The media type of every body. */
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final int status;
    private final String error;
    private final Map<String, String> headers;
    private final String body;
    /** The challenges of {@code WWW-Authenticate}, one per scheme, in order. */
    private final List<String> offered;

    private BearerChallenge(int status, String challenge, String error, String description) {
        this.status = status;
        this.error = error;
        this.offered = challenge == null ? List.of() : List.of(challenge);
        Map<String, String> map = new LinkedHashMap<>();
        if (challenge != null) {
            map.put("WWW-Authenticate", challenge);
        }
        if (status == 503) {
            map.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        map.put("Cache-Control", "no-store");
        map.put("Pragma", "no-cache");
        map.put("X-Content-Type-Options", "nosniff");
        this.headers = Collections.unmodifiableMap(map);
        this.body = "{\"error\":\"" + json(error) + "\",\"error_description\":\""
                + json(description) + "\"}";
    }

    private BearerChallenge(int status, String error, List<String> offered,
            Map<String, String> headers, String body) {
        this.status = status;
        this.error = error;
        this.offered = List.copyOf(offered);
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    /** 401 with a bare challenge: the request carried no token. */
    public static BearerChallenge noToken(String realm) {
        String realmParameter = realmParameter(realm);
        return new BearerChallenge(401, realmParameter.isEmpty() ? "Bearer" : "Bearer " + realmParameter,
                "unauthorized", "a bearer token is required");
    }

    /** 400 {@code invalid_request}: the request is malformed as a bearer request. */
    public static BearerChallenge invalidRequest(String realm, String description) {
        return new BearerChallenge(400, challenge(realm, "invalid_request", description, null),
                "invalid_request", description);
    }

    /** 401 {@code invalid_token}. */
    public static BearerChallenge invalidToken(String realm, String description) {
        return new BearerChallenge(401, challenge(realm, "invalid_token", description, null),
                "invalid_token", description);
    }

    /** 403 {@code insufficient_scope}, naming the roles (space-separated) that would be accepted. */
    public static BearerChallenge insufficientScope(String realm, String scope) {
        String description = "the token lacks the role this resource requires";
        return new BearerChallenge(403, challenge(realm, "insufficient_scope", description, scope),
                "insufficient_scope", description);
    }

    /** 403 without a challenge: a cookie-carried token on an unsafe request without CSRF proof. */
    public static BearerChallenge csrfRejected() {
        return new BearerChallenge(403, null, "csrf_failed",
                "the request lacks proof that it was meant (CSRF)");
    }

    /** 403 without a challenge: access is denied to everyone. */
    public static BearerChallenge denied() {
        return new BearerChallenge(403, null, "access_denied", "access to this resource is denied");
    }

    /**
     * The answer to a token refused for {@code rejection}: the one place where a server fault
     * becomes 503 {@code temporarily_unavailable}, a DPoP proof's fault 401 with a {@code DPoP}
     * challenge (without {@code algs}; see {@link #dpop}) and anything else 401 {@code
     * invalid_token}.
     */
    public static BearerChallenge rejected(String realm, Rejection rejection, String description) {
        if (rejection.isServerFault()) {
            return unavailable(description);
        }
        return "invalid_token".equals(rejection.error()) ? invalidToken(realm, description)
                : dpop(realm, rejection.error(), description, null);
    }

    /**
     * 401 with a {@code DPoP} challenge (RFC 9449 section 7.1): {@code error} ({@code
     * invalid_token}, {@code invalid_dpop_proof}, {@code use_dpop_nonce}; null for a bare
     * challenge, as when no token came) and {@code algs}, the accepted proof algorithms
     * space-separated (null: not named).
     */
    public static BearerChallenge dpop(String realm, String error, String description, String algs) {
        StringBuilder value = new StringBuilder("DPoP");
        String separator = " ";
        String realmParameter = realmParameter(realm);
        if (!realmParameter.isEmpty()) {
            value.append(separator).append(realmParameter);
            separator = ", ";
        }
        if (error != null) {
            value.append(separator).append("error=\"").append(error).append('"')
                    .append(", error_description=\"").append(quoted(description)).append('"');
            separator = ", ";
        }
        if (algs != null) {
            value.append(separator).append("algs=\"").append(quoted(algs)).append('"');
        }
        return new BearerChallenge(401, value.toString(), error == null ? "unauthorized" : error,
                error == null ? "a DPoP-bound token and proof are required" : description);
    }

    /**
     * This answer offering a second scheme as well: {@code challenge} is appended to its
     * {@code WWW-Authenticate} (RFC 9110 section 11.6.1 allows a list), as when a resource
     * accepts both bearer and DPoP-bound tokens.
     */
    public BearerChallenge alsoOffering(String challenge) {
        List<String> more = new ArrayList<>(offered);
        more.add(challenge);
        return withChallenges(more);
    }

    /**
     * This answer with {@code resource_metadata="url"} (RFC 9728 section 5.1) added to each of its
     * challenges; an answer without a challenge is returned as it is. {@code url} must be
     * printable ASCII without quotes or backslashes (the configuration checks it).
     */
    public BearerChallenge withResourceMetadata(String url) {
        if (offered.isEmpty()) {
            return this;
        }
        String parameter = "resource_metadata=\"" + url + '"';
        List<String> more = new ArrayList<>();
        for (String challenge : offered) {
            // A bare scheme ("Bearer") takes its first parameter after a space, others after ", ".
            more.add(challenge + (challenge.indexOf(' ') < 0 ? " " : ", ") + parameter);
        }
        return withChallenges(more);
    }

    /** This answer with one more header, such as {@code DPoP-Nonce}. */
    public BearerChallenge withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new BearerChallenge(status, error, offered, copy, body);
    }

    /** This answer with {@code challenges} as its {@code WWW-Authenticate}, which stays first. */
    private BearerChallenge withChallenges(List<String> challenges) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove("WWW-Authenticate");
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("WWW-Authenticate", String.join(", ", challenges));
        ordered.putAll(copy);
        return new BearerChallenge(status, error, challenges, ordered, body);
    }

    /** 401 {@code invalid_token}: a valid token refused as revoked by a rule of this node. */
    public static BearerChallenge revoked(String realm) {
        return rejected(realm, Rejection.REVOKED, Rejection.REVOKED.description());
    }

    /** 503 with {@code Retry-After}: the server cannot check tokens now. */
    public static BearerChallenge unavailable(String description) {
        return new BearerChallenge(503, null, "temporarily_unavailable", description);
    }

    public int status() {
        return status;
    }

    /** The {@code error} of the body, such as {@code invalid_token}. */
    public String error() {
        return error;
    }

    /** The headers to set, in order; {@code Content-Type} is {@link #CONTENT_TYPE}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The {@code WWW-Authenticate} value, or null when this answer has none. */
    public String challenge() {
        return headers.get("WWW-Authenticate");
    }

    /** The JSON body. */
    public String body() {
        return body;
    }

    /** The JSON body as UTF-8. */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }

    private static String realmParameter(String realm) {
        return realm == null ? "" : "realm=\"" + realm + "\"";
    }

    private static String challenge(String realm, String error, String description, String scope) {
        StringBuilder value = new StringBuilder("Bearer ");
        String realmParameter = realmParameter(realm);
        if (!realmParameter.isEmpty()) {
            value.append(realmParameter).append(", ");
        }
        value.append("error=\"").append(error).append('"');
        value.append(", error_description=\"").append(quoted(description)).append('"');
        if (scope != null) {
            value.append(", scope=\"").append(quoted(scope)).append('"');
        }
        return value.toString();
    }

    /** RFC 6750 allows only %x20-21 / %x23-5B / %x5D-7E in these values. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
