package dev.perimeter.jwt.access;

/**
 * A servlet-style path pattern, matched against the request's path within the application
 * (servlet path plus path info, as the container decoded and normalized it): {@code /exact},
 * {@code /prefix/*} (which also matches {@code /prefix}), {@code *.ext}, and {@code /*} for all.
 */
public final class PathPattern {

    private final String pattern;
    private final String prefix;
    private final String extension;

    private PathPattern(String pattern, String prefix, String extension) {
        this.pattern = pattern;
        this.prefix = prefix;
        this.extension = extension;
    }

    /**
     * @throws IllegalArgumentException for anything else
     */
    public static PathPattern parse(String pattern) {
        if (pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0
                && pattern.indexOf('*', 1) < 0) {
            return new PathPattern(pattern, null, pattern.substring(1));
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern '" + pattern
                    + "' must start with / or be *.extension");
        }
        int star = pattern.indexOf('*');
        if (star < 0) {
            return new PathPattern(pattern, null, null);
        }
        if (star != pattern.length() - 1 || !pattern.endsWith("/*")) {
            throw new IllegalArgumentException("path pattern '" + pattern
                    + "' may only end with /*");
        }
        return new PathPattern(pattern, pattern.substring(0, pattern.length() - 2), null);
    }

    public boolean matches(String path) {
        if (extension != null) {
            return path.endsWith(extension) && path.lastIndexOf('/') < path.length() - extension.length();
        }
        if (prefix != null) {
            return path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        }
        return path.equals(pattern);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
