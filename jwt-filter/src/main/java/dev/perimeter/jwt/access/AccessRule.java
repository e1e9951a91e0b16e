package dev.perimeter.jwt.access;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One access rule: {@code [GET,POST] /path/* = role1 role2}. The methods are optional; the right
 * side is roles (any one suffices), {@code *} (any valid token), {@code permit} (no token needed)
 * or {@code deny} (refused to everyone).
 */
public final class AccessRule {

    /** What a matching rule demands. */
    public enum Kind { ROLES, AUTHENTICATED, PERMIT, DENY }

    private final Set<String> methods;
    private final PathPattern path;
    private final Kind kind;
    private final Set<String> roles;
    private final String text;

    private AccessRule(Set<String> methods, PathPattern path, Kind kind, Set<String> roles,
            String text) {
        this.methods = methods;
        this.path = path;
        this.kind = kind;
        this.roles = roles;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when the rule does not parse
     */
    public static AccessRule parse(String text) {
        String rule = text.trim();
        int equals = rule.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("rule '" + rule + "' has no '='");
        }
        String left = rule.substring(0, equals).trim();
        String right = rule.substring(equals + 1).trim();
        Set<String> methods = Set.of();
        if (left.startsWith("[")) {
            int close = left.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("rule '" + rule + "' has no closing ']'");
            }
            Set<String> parsed = new LinkedHashSet<>();
            for (String method : left.substring(1, close).split(",")) {
                String name = method.trim().toUpperCase(Locale.ROOT);
                if (!name.matches("[A-Z]+")) {
                    throw new IllegalArgumentException("rule '" + rule + "' names an invalid method");
                }
                parsed.add(name);
            }
            methods = Collections.unmodifiableSet(parsed);
            left = left.substring(close + 1).trim();
        }
        PathPattern path = PathPattern.parse(left);
        if (right.isEmpty()) {
            throw new IllegalArgumentException("rule '" + rule
                    + "' needs roles, '*', 'permit' or 'deny' after '='");
        }
        switch (right) {
            case "*":
                return new AccessRule(methods, path, Kind.AUTHENTICATED, Set.of(), rule);
            case "permit":
                return new AccessRule(methods, path, Kind.PERMIT, Set.of(), rule);
            case "deny":
                return new AccessRule(methods, path, Kind.DENY, Set.of(), rule);
            default:
                Set<String> roles = new LinkedHashSet<>(List.of(right.split("[\\s,]+")));
                return new AccessRule(methods, path, Kind.ROLES, Collections.unmodifiableSet(roles),
                        rule);
        }
    }

    /**
     * Whether this rule applies. A rule listing GET applies to HEAD too: HttpServlet.doHead runs
     * doGet (as JAX-RS runs the GET method), so letting HEAD past would run the guarded handler.
     */
    public boolean matches(String method, String requestPath) {
        return (methods.isEmpty() || methods.contains(method)
                || ("HEAD".equals(method) && methods.contains("GET")))
                && path.matches(requestPath);
    }

    public Kind kind() {
        return kind;
    }

    /** The methods it is limited to; empty for all. */
    public Set<String> methods() {
        return methods;
    }

    /** The paths it applies to. */
    public PathPattern path() {
        return path;
    }

    /** The roles of a {@link Kind#ROLES} rule, any one of which admits. */
    public Set<String> roles() {
        return roles;
    }

    @Override
    public String toString() {
        return text;
    }
}
