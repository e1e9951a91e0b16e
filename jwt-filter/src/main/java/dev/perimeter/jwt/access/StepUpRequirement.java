package dev.perimeter.jwt.access;

import dev.perimeter.jwt.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a resource demands of the user's authentication (RFC 9470 step-up): an authentication
 * context, the token's {@code acr} being one of {@link #acrValues()}, and a maximum age, its
 * {@code auth_time} being no older than {@link #maxAge()}. The one place where the claims are
 * checked: the servlet filter's {@code rules} and jwt-cdi's annotation both ask {@link
 * #shortfall}, so the two entry points cannot disagree.
 */
public final class StepUpRequirement {

    /** The {@code error} of a token that falls short (RFC 9470 section 3). */
    public static final String ERROR = "insufficient_user_authentication";

    private static final String WEAK = "a stronger authentication is required";
    private static final String OLD = "a more recent authentication is required";

    private final Set<String> acrValues;
    private final Duration maxAge;

    private StepUpRequirement(Set<String> acrValues, Duration maxAge) {
        this.acrValues = acrValues;
        this.maxAge = maxAge;
    }

    /**
     * A requirement of an {@code acr} among {@code acrValues} (empty: any, or none) and an
     * {@code auth_time} no older than {@code maxAge} (null: any age).
     *
     * @throws IllegalArgumentException when both are absent, a value is blank or holds a space,
     *         quote or backslash (it could not be named in a challenge), or the age is negative
     */
    public static StepUpRequirement of(Set<String> acrValues, Duration maxAge) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : acrValues) {
            if (value == null || value.isEmpty() || !value.chars().allMatch(
                    c -> c > 0x20 && c <= 0x7e && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("an acr value must be printable ASCII without"
                        + " spaces, quotes or backslashes");
            }
            values.add(value);
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("max-age must not be negative");
        }
        if (values.isEmpty() && maxAge == null) {
            throw new IllegalArgumentException("a step-up requirement needs acr values or a max-age");
        }
        return new StepUpRequirement(Collections.unmodifiableSet(values), maxAge);
    }

    /** The {@code acr} values any one of which is accepted; empty when any is. */
    public Set<String> acrValues() {
        return acrValues;
    }

    /** The maximum age of {@code auth_time}, or null when any age is accepted. */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Why {@code jwt} falls short of this requirement at {@code now}, allowing {@code leeway} for
     * clock skew, as a fixed description for the challenge; null when it meets it. The {@code
     * acr} must be a string among the accepted values; {@code auth_time} must be a number of
     * seconds no older than the maximum age and not in the future (each beyond the leeway).
     */
    public String shortfall(Jwt jwt, Instant now, Duration leeway) {
        Objects.requireNonNull(jwt, "jwt");
        if (!acrValues.isEmpty()) {
            String acr = jwt.stringClaim("acr");
            if (acr == null || !acrValues.contains(acr)) {
                return WEAK;
            }
        }
        if (maxAge != null) {
            Long authTime = seconds(jwt.claim("auth_time"));
            if (authTime == null) {
                return OLD;
            }
            long nowSeconds = now.getEpochSecond();
            long slack = leeway.getSeconds();
            if (authTime > nowSeconds + slack || nowSeconds - authTime > maxAge.getSeconds() + slack) {
                return OLD;
            }
        }
        return null;
    }

    /** The {@code acr_values} of a challenge, space-separated, or null when none are required. */
    public String challengeAcrValues() {
        return acrValues.isEmpty() ? null : String.join(" ", acrValues);
    }

    /** The {@code max_age} of a challenge in seconds, or null when any age is accepted. */
    public String challengeMaxAge() {
        return maxAge == null ? null : Long.toString(maxAge.getSeconds());
    }

    /** The rule syntax: {@code acr=mfa phr; max-age=300}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!acrValues.isEmpty()) {
            text.append("acr=").append(String.join(" ", acrValues));
        }
        if (maxAge != null) {
            text.append(text.length() == 0 ? "" : "; ").append("max-age=").append(maxAge.getSeconds());
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepUpRequirement
                && acrValues.equals(((StepUpRequirement) other).acrValues)
                && Objects.equals(maxAge, ((StepUpRequirement) other).maxAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(acrValues, maxAge);
    }

    /** {@code auth_time} as whole seconds: a JSON integer, or a finite fraction rounded down. */
    private static Long seconds(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double && Double.isFinite((Double) value)
                && Math.abs((Double) value) < 1e15) {
            return (long) Math.floor((Double) value);
        }
        return null;
    }
}
