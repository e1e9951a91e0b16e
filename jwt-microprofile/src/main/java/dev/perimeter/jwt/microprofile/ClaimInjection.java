package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.microprofile.claims.ClaimKind;
import dev.perimeter.jwt.microprofile.claims.ClaimTarget;
import jakarta.inject.Provider;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.eclipse.microprofile.jwt.ClaimValue;

/**
 * The shape of a {@code @Claim} injection point's type: the value it asks for
 * ({@link ClaimTarget}), whether wrapped in {@link ClaimValue}, and whether looked up through
 * {@link Provider} (or its subtype {@code Instance}).
 *
 * @param target the value type
 * @param claimValue whether the value is wrapped in {@code ClaimValue}
 * @param lookedUp whether the injection point is a {@code Provider} or {@code Instance}
 */
record ClaimInjection(ClaimTarget target, boolean claimValue, boolean lookedUp) {

    /** The shape of {@code type}, or null when a claim cannot be injected as it. */
    static ClaimInjection of(Type type) {
        if (rawType(type) instanceof Class<?> raw && Provider.class.isAssignableFrom(raw)) {
            if (!(type instanceof ParameterizedType)) {
                return null;
            }
            ClaimInjection inner = of(((ParameterizedType) type).getActualTypeArguments()[0]);
            return inner == null || inner.lookedUp ? null
                    : new ClaimInjection(inner.target, inner.claimValue, true);
        }
        if (rawType(type) == ClaimValue.class) {
            if (!(type instanceof ParameterizedType)) {
                return new ClaimInjection(new ClaimTarget(ClaimKind.AS_IS, false), true, false);
            }
            Type argument = ((ParameterizedType) type).getActualTypeArguments()[0];
            ClaimTarget target = argument == Object.class ? new ClaimTarget(ClaimKind.AS_IS, false)
                    : ClaimTarget.of(argument);
            return target == null ? null : new ClaimInjection(target, true, false);
        }
        ClaimTarget target = ClaimTarget.of(type);
        return target == null ? null : new ClaimInjection(target, false, false);
    }

    /**
     * Whether the value is fixed when injected, so belongs only in a bean that lives for one
     * request: a plain value, not a {@code ClaimValue} or a {@code Provider}.
     */
    boolean fixedAtInjection() {
        return !claimValue && !lookedUp;
    }

    private static Type rawType(Type type) {
        return type instanceof ParameterizedType ? ((ParameterizedType) type).getRawType() : type;
    }
}
