package dev.perimeter.jwt.binding;

import dev.perimeter.jwt.Jwt;
import java.util.Map;

/**
 * What a token's {@code cnf} claim (RFC 7800) binds it to: nothing, a DPoP key ({@code jkt},
 * RFC 9449 section 6.1), a client certificate ({@code x5t#S256}, RFC 8705 section 3.1), or both.
 * A {@code cnf} that is not an object, or names no method understood here, or names one with a
 * value that is not a string, is {@link #isUnverifiable() unverifiable}: such a token is refused,
 * since accepting it would drop a binding its issuer asked for.
 */
public final class TokenBinding {

    /** The claim. */
    public static final String CLAIM = "cnf";
    /** Its member naming a DPoP key's RFC 7638 thumbprint. */
    public static final String JKT = "jkt";
    /** Its member naming a client certificate's SHA-256 thumbprint. */
    public static final String X5T_S256 = "x5t#S256";

    private static final TokenBinding NONE = new TokenBinding(null, null, false);
    private static final TokenBinding UNVERIFIABLE = new TokenBinding(null, null, true);

    private final String keyThumbprint;
    private final String certificateThumbprint;
    private final boolean unverifiable;

    private TokenBinding(String keyThumbprint, String certificateThumbprint, boolean unverifiable) {
        this.keyThumbprint = keyThumbprint;
        this.certificateThumbprint = certificateThumbprint;
        this.unverifiable = unverifiable;
    }

    /** The binding {@code jwt} declares. */
    public static TokenBinding of(Jwt jwt) {
        Object cnf = jwt.claim(CLAIM);
        if (cnf == null) {
            return NONE;
        }
        if (!(cnf instanceof Map<?, ?> members)) {
            return UNVERIFIABLE;
        }
        Object jkt = members.get(JKT);
        Object x5t = members.get(X5T_S256);
        if ((jkt == null && x5t == null) || (jkt != null && !(jkt instanceof String))
                || (x5t != null && !(x5t instanceof String))) {
            return UNVERIFIABLE;
        }
        return new TokenBinding((String) jkt, (String) x5t, false);
    }

    /** Whether the token names no binding at all. */
    public boolean isNone() {
        return this == NONE;
    }

    /** Whether the token's {@code cnf} cannot be checked here. */
    public boolean isUnverifiable() {
        return unverifiable;
    }

    /** The DPoP key thumbprint ({@code cnf.jkt}), or null. */
    public String keyThumbprint() {
        return keyThumbprint;
    }

    /** The certificate thumbprint ({@code cnf.x5t#S256}), or null. */
    public String certificateThumbprint() {
        return certificateThumbprint;
    }

    /** Whether the token is certificate-bound and {@code certificate} (null: none) is its certificate. */
    public boolean certificateMatches(java.security.cert.X509Certificate certificate) {
        return certificateThumbprint != null
                && CertificateBinding.matches(certificateThumbprint, certificate);
    }
}
