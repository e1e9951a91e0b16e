package dev.perimeter.jwt.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The normal form in which a proof's {@code htu} and the request's URL are compared (RFC 9449
 * section 4.3, step 9): RFC 3986 syntax-based normalization (case of scheme, host and
 * percent-encodings, unreserved characters decoded, dot segments removed) and scheme-based
 * normalization (default port dropped, empty path as {@code /}); query and fragment ignored.
 */
final class TargetUri {

    private TargetUri() {
    }

    /**
     * {@code uri} in normal form, or null when it is not an absolute {@code http} or {@code https}
     * URI with a host and without user information.
     */
    static String normalize(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = parsed.getScheme();
        if (scheme == null || parsed.isOpaque() || parsed.getRawUserInfo() != null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        String host = parsed.getHost();
        if (!(scheme.equals("https") || scheme.equals("http")) || host == null) {
            return null;
        }
        int port = parsed.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
                || (scheme.equals("http") && port == 80);
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        path = percentEncodings(path);
        if (path == null) {
            return null;
        }
        path = removeDotSegments(path);
        StringBuilder out = new StringBuilder(scheme.length() + host.length() + path.length() + 9);
        out.append(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
        if (!defaultPort) {
            out.append(':').append(port);
        }
        out.append(path.isEmpty() ? "/" : path);
        return out.toString();
    }

    /** Hex digits upper case; an unreserved character's encoding decoded; null for a bad one. */
    private static String percentEncodings(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= path.length()) {
                return null;
            }
            int high = Character.digit(path.charAt(i + 1), 16);
            int low = Character.digit(path.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            char decoded = (char) (high * 16 + low);
            if (isUnreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
                        .append(Character.toUpperCase(path.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        StringBuilder input = new StringBuilder(path);
        StringBuilder output = new StringBuilder(path.length());
        while (input.length() > 0) {
            if (startsWith(input, "../")) {
                input.delete(0, 3);
            } else if (startsWith(input, "./")) {
                input.delete(0, 2);
            } else if (startsWith(input, "/./")) {
                input.delete(0, 2);
            } else if (input.toString().equals("/.")) {
                input.replace(0, 2, "/");
            } else if (startsWith(input, "/../")) {
                input.delete(0, 3);
                removeLastSegment(output);
            } else if (input.toString().equals("/..")) {
                input.replace(0, 3, "/");
                removeLastSegment(output);
            } else if (input.toString().equals(".") || input.toString().equals("..")) {
                input.setLength(0);
            } else {
                int next = input.indexOf("/", input.charAt(0) == '/' ? 1 : 0);
                int end = next < 0 ? input.length() : next;
                output.append(input, 0, end);
                input.delete(0, end);
            }
        }
        return output.toString();
    }

    private static boolean startsWith(StringBuilder text, String prefix) {
        return text.length() >= prefix.length() && text.substring(0, prefix.length()).equals(prefix);
    }

    private static void removeLastSegment(StringBuilder output) {
        int last = output.lastIndexOf("/");
        output.setLength(Math.max(last, 0));
    }
}
