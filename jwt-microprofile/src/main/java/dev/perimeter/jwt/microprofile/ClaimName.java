package dev.perimeter.jwt.microprofile;

import java.lang.annotation.Annotation;
import java.util.Collection;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.Claims;

/** The claim a {@link Claim} qualifier names, by {@code value} or by {@code standard}. */
final class ClaimName {

    private ClaimName() {
    }

    /**
     * The name; {@code value} and {@code standard} may both be given only when they agree.
     *
     * @throws IllegalArgumentException when they disagree or neither is given
     */
    static String of(Claim claim) {
        String value = claim.value();
        Claims standard = claim.standard();
        if (value.isEmpty() && standard == Claims.UNKNOWN) {
            throw new IllegalArgumentException("@Claim names no claim: give value or standard");
        }
        if (standard == Claims.UNKNOWN) {
            return value;
        }
        if (!value.isEmpty() && !value.equals(standard.name())) {
            throw new IllegalArgumentException("@Claim(value=\"" + value + "\", standard=Claims."
                    + standard.name() + ") names two different claims");
        }
        return standard.name();
    }

    /** The {@link Claim} among {@code qualifiers}, or null. */
    static Claim in(Collection<Annotation> qualifiers) {
        for (Annotation qualifier : qualifiers) {
            if (qualifier instanceof Claim) {
                return (Claim) qualifier;
            }
        }
        return null;
    }
}
