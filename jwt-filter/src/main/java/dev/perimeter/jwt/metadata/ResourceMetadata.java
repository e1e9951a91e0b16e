package dev.perimeter.jwt.metadata;

import dev.perimeter.jwt.dpop.DpopMode;
import dev.perimeter.jwt.dpop.DpopSettings;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This resource's metadata document (RFC 9728 section 2) and where it is published (section 3),
 * built once from validated settings; nothing is computed per request. The resource identifier
 * is configured, never taken from a request, so no {@code Host} header can change the document
 * or the URL that challenges name.
 *
 * <p>Members, in the order of section 2: {@code resource}; {@code authorization_servers} (the
 * accepted issuers); {@code scopes_supported} when configured; {@code bearer_methods_supported}
 * ({@code header} when tokens come in {@code Authorization}; a cookie is not one of the RFC's
 * methods); {@code resource_documentation} when configured; {@code
 * tls_client_certificate_bound_access_tokens} ({@code true} when certificate binding is
 * required); {@code dpop_signing_alg_values_supported} and {@code
 * dpop_bound_access_tokens_required} when DPoP is on. Left out: {@code jwks_uri} and {@code
 * resource_signing_alg_values_supported}, which describe keys the resource itself signs with;
 * Perimeter signs nothing (the issuers' key sets are the authorization servers' own metadata).
 */
public final class ResourceMetadata {

    /** The well-known path of the document (RFC 9728 section 3). */
    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";
    /** The media type of the document (section 3.2). */
    public static final String CONTENT_TYPE = "application/json";
    /** Seconds a client or cache may keep the document. */
    public static final int MAX_AGE_SECONDS = 300;

    private final String resource;
    private final String url;
    private final Set<String> paths;
    private final String document;
    private final byte[] bytes;

    /**
     * The metadata of {@code resource} (an absolute URL without query or fragment, already
     * checked), naming {@code issuers} as authorization servers.
     *
     * @param scopes           {@code scopes_supported}; empty: left out
     * @param documentation    {@code resource_documentation}, or null
     * @param dpop             the DPoP settings (mode {@code off}: no DPoP members)
     * @param certificateRequired whether only certificate-bound tokens are accepted
     * @param authorizationHeader whether tokens are read from {@code Authorization}
     */
    public ResourceMetadata(URI resource, Collection<String> issuers, List<String> scopes,
            String documentation, DpopSettings dpop, boolean certificateRequired,
            boolean authorizationHeader) {
        this.resource = resource.toString();
        String path = resourcePath(resource.getRawPath());
        String origin = resource.getScheme() + "://" + resource.getRawAuthority();
        this.url = origin + WELL_KNOWN_PATH + path;
        Set<String> served = new LinkedHashSet<>();
        served.add(WELL_KNOWN_PATH);
        served.add(WELL_KNOWN_PATH + resourcePath(resource.getPath()));
        this.paths = Set.copyOf(served);
        StringBuilder json = new StringBuilder("{");
        member(json, "resource").append(string(this.resource));
        member(json, "authorization_servers").append(array(issuers));
        if (!scopes.isEmpty()) {
            member(json, "scopes_supported").append(array(scopes));
        }
        if (authorizationHeader) {
            member(json, "bearer_methods_supported").append(array(List.of("header")));
        }
        if (documentation != null) {
            member(json, "resource_documentation").append(string(documentation));
        }
        if (certificateRequired) {
            member(json, "tls_client_certificate_bound_access_tokens").append("true");
        }
        if (dpop.mode() != DpopMode.OFF) {
            member(json, "dpop_signing_alg_values_supported").append(array(
                    dpop.algorithms().stream().sorted().map(JwsAlgorithm::name).toList()));
            member(json, "dpop_bound_access_tokens_required")
                    .append(dpop.mode() == DpopMode.REQUIRED);
        }
        this.document = json.append('}').toString();
        this.bytes = document.getBytes(StandardCharsets.UTF_8);
    }

    /** The resource identifier, as configured. */
    public String resource() {
        return resource;
    }

    /**
     * The URL of the document (section 3.1: the well-known path inserted between the host and
     * the resource's path), as challenges name it in {@code resource_metadata}.
     */
    public String url() {
        return url;
    }

    /**
     * Whether {@code path}, a request's path within the application (decoded), is where the
     * document is served: the well-known path, or it followed by the resource's path.
     */
    public boolean isServedAt(String path) {
        return paths.contains(path);
    }

    /** The document's JSON text. */
    public String document() {
        return document;
    }

    /** The document as UTF-8; callers must not change the array. */
    public byte[] documentBytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return url;
    }

    /** The path to append after the well-known path: "" for none or "/", else without a final "/". */
    private static String resourcePath(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static StringBuilder member(StringBuilder json, String name) {
        if (json.length() > 1) {
            json.append(',');
        }
        return json.append(string(name)).append(':');
    }

    private static String array(Collection<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (String item : items) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(string(item));
        }
        return out.append(']').toString();
    }

    /** A JSON string; everything outside printable ASCII escaped. */
    private static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
