package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.metadata.ResourceMetadata;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers requests for the protected resource metadata document (RFC 9728 section 3): {@code GET}
 * and {@code HEAD} without a token, the document built at start-up, cacheable for {@link
 * ResourceMetadata#MAX_AGE_SECONDS}; any other method 405 with {@code Allow}. The servlet filter
 * and the container-mode module both answer through it.
 */
public final class ResourceMetadataEndpoint {

    private static final byte[] METHOD_NOT_ALLOWED = ("{\"error\":\"method_not_allowed\","
            + "\"error_description\":\"the resource metadata answers GET and HEAD only\"}")
            .getBytes(StandardCharsets.UTF_8);

    private ResourceMetadataEndpoint() {
    }

    /** Writes the answer to {@code method} for {@code metadata}. */
    public static void answer(ResourceMetadata metadata, String method,
            HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setStatus(405);
            response.setHeader("Allow", "GET, HEAD");
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json;charset=UTF-8");
            response.setContentLength(METHOD_NOT_ALLOWED.length);
            response.getOutputStream().write(METHOD_NOT_ALLOWED);
            return;
        }
        byte[] document = metadata.documentBytes();
        response.setStatus(200);
        response.setHeader("Cache-Control", "public, max-age=" + ResourceMetadata.MAX_AGE_SECONDS);
        response.setContentType(ResourceMetadata.CONTENT_TYPE);
        response.setContentLength(document.length);
        if (!head) {
            response.getOutputStream().write(document);
        }
    }
}
