package dev.perimeter.jwt.microprofile.claims;

import java.io.Serializable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * What an injection point asks a claim to be: a {@link ClaimKind}, optionally wrapped in
 * {@code Optional}. Serializable, so a {@code ClaimValue} holding it can live in a passivating
 * (session-scoped) bean.
 *
 * @param kind the value type
 * @param optional whether the value is wrapped in {@code Optional}
 */
public record ClaimTarget(ClaimKind kind, boolean optional) implements Serializable {

    /** The target of {@code type} ({@code Long}, {@code Optional<Set<String>>}…), or null. */
    public static ClaimTarget of(Type type) {
        if (type instanceof ParameterizedType
                && ((ParameterizedType) type).getRawType() == Optional.class) {
            ClaimKind kind = ClaimKind.of(((ParameterizedType) type).getActualTypeArguments()[0]);
            return kind == null ? null : new ClaimTarget(kind, true);
        }
        ClaimKind kind = ClaimKind.of(type);
        return kind == null ? null : new ClaimTarget(kind, false);
    }

    /**
     * {@code value}, the claim {@code name} as {@code JsonWebToken.getClaim} answers it (null
     * when absent), as this target: an absent or JSON null claim is {@code Optional.empty()},
     * {@code JsonValue.NULL} for a {@code JsonValue}, else null.
     *
     * @throws ClaimTypeException when the claim's JSON cannot be had as this type
     */
    public Object convert(String name, Object value) {
        Object converted;
        if (ClaimTypes.isJsonNull(value) && kind != ClaimKind.AS_IS) {
            converted = kind.absent();
            return optional ? Optional.ofNullable(value == null ? null : converted) : converted;
        }
        converted = kind.fromPresent(value);
        if (converted == ClaimKind.MISMATCH) {
            throw new ClaimTypeException(name, kind.type(), value);
        }
        return optional ? Optional.ofNullable(converted) : converted;
    }
}
