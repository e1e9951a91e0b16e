package dev.perimeter.jwt.access;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One access rule: {@code [GET,POST] /path/* = role1 role2}. The methods are optional; the right
 * side is roles (any one suffices), {@code *} (any valid token), {@code permit} (no token needed)
 * or {@code deny} (refused to everyone). A rule that needs a token can also demand a step-up
 * ({@link StepUpRequirement}): segments {@code acr=mfa phr} (space-separated values, any one of
 * which is accepted) and {@code max-age=300} (seconds since {@code auth_time}) that follow it in
 * {@code rules}, as in {@code /api/payments/* = user; acr=mfa; max-age=300}.
 */
public final class AccessRule {

    /** What a matching rule demands. */
    public enum Kind { ROLES, AUTHENTICATED, PERMIT, DENY }

    private final Set<String> methods;
    private final PathPattern path;
    private final Kind kind;
    private final Set<String> roles;
    private final String text;
    private final StepUpRequirement stepUp;

    private AccessRule(Set<String> methods, PathPattern path, Kind kind, Set<String> roles,
            String text) {
        this(methods, path, kind, roles, text, null);
    }

    private AccessRule(Set<String> methods, PathPattern path, Kind kind, Set<String> roles,
            String text, StepUpRequirement stepUp) {
        this.methods = methods;
        this.path = path;
        this.kind = kind;
        this.roles = roles;
        this.text = text;
        this.stepUp = stepUp;
    }

    /**
     * Whether {@code segment} of {@code rules} continues the rule before it rather than starting
     * one: it begins with {@code acr=} or {@code max-age=} (no path does).
     */
    public static boolean isStepUpSegment(String segment) {
        String text = segment.trim();
        return text.startsWith("acr=") || text.startsWith("max-age=");
    }

    /**
     * This rule also demanding what {@code segment} says: {@code acr=v1 v2} (values
     * space-separated) or {@code max-age=seconds}.
     *
     * @throws IllegalArgumentException when the segment does not parse, repeats what this rule
     *         already demands, or this rule needs no token ({@code permit}, {@code deny})
     */
    public AccessRule withStepUp(String segment) {
        String part = segment.trim();
        if (kind == Kind.PERMIT || kind == Kind.DENY) {
            throw new IllegalArgumentException("'" + part + "' follows rule '" + text
                    + "', which needs no token; acr= and max-age= belong to a rule with roles or '*'");
        }
        Set<String> acr = stepUp == null ? Set.of() : stepUp.acrValues();
        Duration maxAge = stepUp == null ? null : stepUp.maxAge();
        if (part.startsWith("acr=")) {
            if (!acr.isEmpty()) {
                throw new IllegalArgumentException("rule '" + text + "' names acr= twice");
            }
            String values = part.substring("acr=".length()).trim();
            if (values.isEmpty()) {
                throw new IllegalArgumentException("'acr=' after rule '" + text + "' names no value");
            }
            acr = new LinkedHashSet<>(List.of(values.split("\\s+")));
        } else if (part.startsWith("max-age=")) {
            if (maxAge != null) {
                throw new IllegalArgumentException("rule '" + text + "' names max-age= twice");
            }
            String seconds = part.substring("max-age=".length()).trim();
            if (!seconds.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("'" + part + "' after rule '" + text
                        + "' needs a whole number of seconds");
            }
            maxAge = Duration.ofSeconds(Long.parseLong(seconds));
        } else {
            throw new IllegalArgumentException("'" + part + "' is neither acr= nor max-age=");
        }
        StepUpRequirement requirement = StepUpRequirement.of(acr, maxAge);
        return new AccessRule(methods, path, kind, roles, text + "; " + part, requirement);
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

    /** The step-up this rule demands of a token's authentication, or null when none. */
    public StepUpRequirement stepUp() {
        return stepUp;
    }

    /** The rule as written, with its {@code acr=} and {@code max-age=} segments. */
    @Override
    public String toString() {
        return text;
    }
}
