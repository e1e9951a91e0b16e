package dev.perimeter.jwt.config;

import dev.perimeter.jwt.issuers.TrustedIssuer;
import dev.perimeter.jwt.keys.JwsAlgorithm;
import dev.perimeter.jwt.keys.KeySet;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.keys.RemoteKeySource;
import dev.perimeter.jwt.keys.SharedKeyFetching;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Starts the key source of an issuer trusted at run time: a remote source of its own (its JWKS
 * URL, or discovery) whose keys vouch for that issuer only, with the {@code jwks-*} settings, on
 * the threads and HTTP client that all run-time issuers of one Perimeter share.
 */
final class IssuerKeySources {

    private final Set<JwsAlgorithm> algorithms;
    private final Clock clock;
    private final Duration refresh;
    private final Duration minRefetch;
    private final Duration timeout;
    private final Duration retention;
    private final SSLContext tls;
    private final boolean allowHttpLoopback;

    IssuerKeySources(Set<JwsAlgorithm> algorithms, Clock clock, Duration refresh,
            Duration minRefetch, Duration timeout, Duration retention, SSLContext tls,
            boolean allowHttpLoopback) {
        this.algorithms = algorithms;
        this.clock = clock;
        this.refresh = refresh;
        this.minRefetch = minRefetch;
        this.timeout = timeout;
        this.retention = retention;
        this.tls = tls;
        this.allowHttpLoopback = allowHttpLoopback;
    }

    /** The threads and HTTP client for one Perimeter's run-time issuers; its owner closes it. */
    SharedKeyFetching share() {
        return new SharedKeyFetching(timeout, allowHttpLoopback, tls);
    }

    /**
     * Starts {@code trusted}'s key source on {@code shared}, awaiting its first fetch at most
     * {@code jwks-timeout}.
     *
     * @throws IllegalArgumentException for an address that is not https (or allowed loopback http)
     */
    KeySource start(TrustedIssuer trusted, SharedKeyFetching shared) {
        RemoteKeySource.Builder builder = RemoteKeySource.builder(algorithms, clock)
                .refresh(refresh).minRefetch(minRefetch).timeout(timeout).retention(retention)
                .tls(tls).allowHttpLoopback(allowHttpLoopback);
        if (trusted.jwks() == null) {
            builder.discovery(trusted.issuer());
        } else {
            builder.jwks(trusted.jwks(), trusted.issuer());
        }
        return builder.build(KeySet.of(List.of()), shared);
    }
}
