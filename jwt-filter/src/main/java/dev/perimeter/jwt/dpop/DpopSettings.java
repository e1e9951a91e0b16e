package dev.perimeter.jwt.dpop;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the DPoP check needs from the configuration, read once: the {@code dpop*} parameters, the
 * {@code leeway} that allows a proof's {@code iat} a little in the future, the longest proof
 * ({@code max-token-length}), the preferred JCA provider and the clock.
 *
 * @param mode           {@code dpop}
 * @param baseUrls       {@code dpop-url}, each normalized, without a trailing slash
 * @param algorithms     {@code dpop-algorithms}
 * @param proofAge       {@code dpop-proof-age}
 * @param leeway         {@code leeway}
 * @param replayCapacity {@code dpop-replay-capacity}
 * @param nonceRequired  {@code dpop-nonce}
 * @param nonceLifetime  {@code dpop-nonce-lifetime}
 * @param nonceSecret    {@code dpop-nonce-secret}'s bytes, or null for a random key of this node
 * @param maxProofLength {@code max-token-length}
 * @param cryptoProvider the preferred provider, or null for the JDK's
 * @param clock          the clock of every time check
 */
public record DpopSettings(DpopMode mode, List<String> baseUrls, Set<JwsAlgorithm> algorithms,
        Duration proofAge, Duration leeway, int replayCapacity, boolean nonceRequired,
        Duration nonceLifetime, byte[] nonceSecret, int maxProofLength, Provider cryptoProvider,
        Clock clock) {

    public DpopSettings {
        baseUrls = List.copyOf(baseUrls);
        algorithms = Set.copyOf(algorithms);
        nonceSecret = nonceSecret == null ? null : nonceSecret.clone();
    }

    @Override
    public byte[] nonceSecret() {
        return nonceSecret == null ? null : nonceSecret.clone();
    }

    /**
     * {@code url} as a {@code dpop-url} base in normal form, or null when it is not an absolute
     * http(s) URL without user information, query or fragment.
     */
    public static String normalizedBase(String url) {
        if (url.indexOf('?') >= 0 || url.indexOf('#') >= 0) {
            return null;
        }
        return TargetUri.normalize(url);
    }

    /** The algorithms as a challenge's {@code algs} lists them, space-separated, in enum order. */
    public String algorithmNames() {
        return String.join(" ", algorithms.stream().sorted().map(JwsAlgorithm::name).toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DpopSettings that && mode == that.mode
                && baseUrls.equals(that.baseUrls) && algorithms.equals(that.algorithms)
                && proofAge.equals(that.proofAge) && leeway.equals(that.leeway)
                && replayCapacity == that.replayCapacity && nonceRequired == that.nonceRequired
                && nonceLifetime.equals(that.nonceLifetime)
                && Arrays.equals(nonceSecret, that.nonceSecret)
                && maxProofLength == that.maxProofLength;
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + baseUrls.hashCode();
    }

    @Override
    public String toString() {
        if (mode == DpopMode.OFF) {
            return "off";
        }
        return mode + " (url " + String.join(" ", baseUrls) + ", algs " + algorithmNames()
                + ", proofs " + proofAge.getSeconds() + "s, nonce "
                + (nonceRequired ? "every " + nonceLifetime.getSeconds() + "s, "
                        + (nonceSecret == null ? "key of this node" : "shared key") : "off")
                + ")";
    }
}
