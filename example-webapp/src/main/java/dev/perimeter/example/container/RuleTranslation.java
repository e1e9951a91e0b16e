package dev.perimeter.example.container;

import dev.perimeter.jwt.access.AccessRule;
import dev.perimeter.jwt.access.PathPattern;
import dev.perimeter.jwt.config.Parameters;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.HttpMethodConstraintElement;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.EmptyRoleSemantic;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filter's {@code public-paths} and {@code rules} as one security per servlet, for container
 * mode: a servlet's security covers all the paths that reach it, so the filter's settings must
 * ask the same of all of them. Each servlet is probed at the paths its mappings and the
 * settings' patterns name (an exact path, a prefix with and without a segment after it, a name
 * with an extension), counting only the paths that the container's mapping rules send to it
 * (exact, then longest prefix, then extension). Where the settings ask different things of one
 * servlet, or a rule names methods, there is no such security, and translating fails naming the
 * parameter: the filter's settings stay the one place where the example's access is written.
 */
final class RuleTranslation {

    /** What the filter's settings ask of a path. */
    record Need(Kind kind, Set<String> roles) {

        enum Kind { OPEN, TOKEN, ROLES, DENY }

        static final Need OPEN = new Need(Kind.OPEN, Set.of());
        static final Need TOKEN = new Need(Kind.TOKEN, Set.of());
        static final Need DENY = new Need(Kind.DENY, Set.of());
        private static final String ANY_AUTHENTICATED = "**";

        /**
         * The servlet security that asks the same. {@code OPTIONS} stays unconstrained where a
         * token may be needed, so a CORS preflight passes, as with the filter; an open servlet is
         * declared open, so that its exact paths outrank a constrained prefix of the container's
         * (Payara Micro's {@code /health/*} would otherwise cover {@code /health}).
         */
        ServletSecurityElement security() {
            List<HttpMethodConstraintElement> preflight = List.of(new HttpMethodConstraintElement("OPTIONS"));
            switch (kind) {
                case OPEN:
                    return new ServletSecurityElement();
                case DENY:
                    return new ServletSecurityElement(new HttpConstraintElement(EmptyRoleSemantic.DENY));
                case ROLES:
                    return new ServletSecurityElement(new HttpConstraintElement(TransportGuarantee.NONE,
                            roles.toArray(String[]::new)), preflight);
                default:
                    return new ServletSecurityElement(new HttpConstraintElement(TransportGuarantee.NONE,
                            ANY_AUTHENTICATED), preflight);
            }
        }

        @Override
        public String toString() {
            return kind == Kind.ROLES ? String.join(" ", roles) : kind.name();
        }
    }

    private static final String ANY_SEGMENT = "perimeter-probe";

    private final List<PathPattern> publicPaths;
    private final List<AccessRule> rules;

    RuleTranslation(List<PathPattern> publicPaths, List<AccessRule> rules) {
        this.publicPaths = publicPaths;
        this.rules = rules;
    }

    /** Every role the rules name: the roles the application declares. */
    Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>();
        rules.forEach(rule -> roles.addAll(rule.roles()));
        return roles;
    }

    /**
     * What the settings ask of each of {@code servlets}, given {@code mappings} (servlet name to
     * its URL patterns, of all the application's servlets, since they compete for paths).
     *
     * @throws IllegalStateException naming {@code rules} or {@code public-paths} where one servlet
     *         would need two securities, a rule names methods, or a rule demands a step-up
     *         ({@code acr=}, {@code max-age=}), which a container's constraint cannot express
     */
    Map<String, Need> needs(Map<String, ? extends Collection<String>> mappings, Set<String> servlets) {
        for (AccessRule rule : rules) {
            if (!rule.methods().isEmpty()) {
                throw new IllegalStateException("Perimeter example: container mode cannot give the"
                        + " rule '" + rule + "' of " + Parameters.RULES.name() + " to the container:"
                        + " a servlet's security here is one for all methods");
            }
            if (rule.stepUp() != null) {
                // dropping it would open the path to any login: refuse rather than weaken
                throw new IllegalStateException("Perimeter example: container mode cannot give the"
                        + " rule '" + rule + "' of " + Parameters.RULES.name() + " to the container:"
                        + " its constraints know roles, not acr or auth_time; use @StepUp instead");
            }
        }
        List<String> probes = probes(mappings);
        Map<String, Need> needs = new LinkedHashMap<>();
        Map<String, String> decidedBy = new LinkedHashMap<>();
        for (String path : probes) {
            String servlet = servletFor(path, mappings);
            if (servlet == null || !servlets.contains(servlet)) {
                continue;
            }
            Need need = needOf(path);
            Need earlier = needs.putIfAbsent(servlet, need);
            decidedBy.putIfAbsent(servlet, path);
            if (earlier != null && !earlier.equals(need)) {
                throw new IllegalStateException("Perimeter example: container mode cannot give the"
                        + " container the " + Parameters.PUBLIC_PATHS.name() + " and "
                        + Parameters.RULES.name() + " of the filter: servlet '" + servlet + "' serves "
                        + decidedBy.get(servlet) + " (" + earlier + ") and " + path + " (" + need
                        + "), and its security is one for all its paths");
            }
        }
        return needs;
    }

    /** What the filter asks of {@code path}: its first public path or rule, else a token. */
    private Need needOf(String path) {
        for (PathPattern open : publicPaths) {
            if (open.matches(path)) {
                return Need.OPEN;
            }
        }
        for (AccessRule rule : rules) {
            if (rule.matches("GET", path)) {
                switch (rule.kind()) {
                    case PERMIT: return Need.OPEN;
                    case DENY: return Need.DENY;
                    case AUTHENTICATED: return Need.TOKEN;
                    default: return new Need(Need.Kind.ROLES, rule.roles());
                }
            }
        }
        return Need.TOKEN;
    }

    /** The paths each pattern of the mappings and the settings names. */
    private List<String> probes(Map<String, ? extends Collection<String>> mappings) {
        List<String> patterns = new ArrayList<>();
        mappings.values().forEach(patterns::addAll);
        publicPaths.forEach(pattern -> patterns.add(pattern.toString()));
        rules.forEach(rule -> patterns.add(rule.path().toString()));
        List<String> prefixes = new ArrayList<>();
        List<String> probes = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                prefixes.add(prefix);
                probes.add(prefix.isEmpty() ? "/" : prefix);
                probes.add(prefix + "/" + ANY_SEGMENT);
            } else if (!pattern.startsWith("*.") && !pattern.isEmpty()) {
                probes.add(pattern);
            }
        }
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                probes.add("/" + ANY_SEGMENT + pattern.substring(1));
                for (String prefix : prefixes) {
                    probes.add(prefix + "/" + ANY_SEGMENT + pattern.substring(1));
                }
            }
        }
        return probes;
    }

    /**
     * The servlet the container sends {@code path} to (Servlet 6.0, 12.1): an exact pattern,
     * then the longest prefix, then an extension; null for the default servlet's paths.
     */
    static String servletFor(String path, Map<String, ? extends Collection<String>> mappings) {
        String longestPrefix = null;
        String byPrefix = null;
        String byExtension = null;
        for (Map.Entry<String, ? extends Collection<String>> servlet : mappings.entrySet()) {
            for (String pattern : servlet.getValue()) {
                if (pattern.equals(path) || ("".equals(pattern) && "/".equals(path))) {
                    return servlet.getKey();
                }
                if (pattern.endsWith("/*")) {
                    String prefix = pattern.substring(0, pattern.length() - 2);
                    boolean under = path.equals(prefix) || path.startsWith(prefix + "/");
                    if (under && (longestPrefix == null || prefix.length() > longestPrefix.length())) {
                        longestPrefix = prefix;
                        byPrefix = servlet.getKey();
                    }
                } else if (pattern.startsWith("*.") && path.endsWith(pattern.substring(1))
                        && path.lastIndexOf('/') < path.length() - pattern.length() + 1) {
                    byExtension = servlet.getKey();
                }
            }
        }
        return byPrefix != null ? byPrefix : byExtension;
    }
}
