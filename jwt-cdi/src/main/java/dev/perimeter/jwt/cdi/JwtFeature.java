package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Perimeter for a JAX-RS application: registers {@link JwtAuthenticationFilter},
 * {@link JwtExceptionMapper}, and the enforcement of security annotations on resource classes that
 * are not CDI beans (on CDI beans the interceptor enforces them). Register one of the two kinds in the {@code Application}:
 * <ul>
 * <li>{@link #verifying(Perimeter)} where no servlet filter runs in front: JAX-RS verifies
 *     tokens itself, with the same configuration and error contract;</li>
 * <li>{@link #behindServletFilter(String)} where the servlet {@code JwtFilter} runs in front: its
 *     verified token is adopted, nothing is verified twice.</li>
 * </ul>
 */
public final class JwtFeature implements Feature {

    private static final Logger LOG = Logger.getLogger(JwtFeature.class.getName());

    private final JwtAuthenticationFilter filter;
    private final Challenges challenges;

    private JwtFeature(JwtAuthenticationFilter filter, Challenges challenges) {
        this.filter = filter;
        this.challenges = challenges;
    }

    /**
     * JAX-RS verifies tokens with {@code perimeter} ({@code Perimeter.start(config)}), which the
     * application closes when it stops.
     */
    public static JwtFeature verifying(Perimeter perimeter) {
        JwtConfig config = Objects.requireNonNull(perimeter, "perimeter").config();
        if (!config.rules().isEmpty() || !config.publicPaths().isEmpty()) {
            LOG.warning("Perimeter: 'rules' and 'public-paths' apply to the servlet JwtFilter only;"
                    + " JAX-RS resources are protected by their annotations");
        }
        return new JwtFeature(JwtAuthenticationFilter.verifying(perimeter),
                perimeter.authenticator().challenges());
    }

    /**
     * The servlet {@code JwtFilter} verifies; JAX-RS adopts its token.
     *
     * @param realm the filter's {@code realm} parameter, or null
     */
    public static JwtFeature behindServletFilter(String realm) {
        return new JwtFeature(JwtAuthenticationFilter.adoptingServletFilter(), Challenges.bearer(realm));
    }

    /**
     * The counts and timings of a {@link #verifying} feature, to bind to JMX
     * ({@code JmxMetrics.register}) or Micrometer (jwt-micrometer); null behind the servlet
     * filter, whose own metrics count every request.
     */
    public dev.perimeter.jwt.metrics.PerimeterMetrics metrics() {
        return filter.metrics();
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(filter);
        context.register(new JwtExceptionMapper(challenges));
        context.register(new UnmanagedResourceGuard(challenges));
        return true;
    }
}
