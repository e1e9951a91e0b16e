package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.ClaimValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Producers of {@code @Claim} injection points, one per injectable type. {@code @Claim}'s members
 * are {@code @Nonbinding}, so each producer serves every claim name; it reads the name and the
 * wanted type from the injection point (through a {@code Provider} or {@code Instance}, the
 * looked-up type). Each is {@code @Dependent} and {@code @Typed} to its one type, so that
 * {@code @Claim JsonValue} does not also match the {@code JsonString} producer. A primitive
 * injection point resolves to its wrapper's producer. Registered by
 * {@link MicroProfileJwtExtension}, not discovered.
 */
class ClaimProducers {

    @Inject
    JsonWebToken currentToken;

    @Produces
    @Claim
    @Typed(String.class)
    String string(InjectionPoint injectionPoint) {
        return (String) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(Long.class)
    Long longValue(InjectionPoint injectionPoint) {
        return (Long) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(Boolean.class)
    Boolean booleanValue(InjectionPoint injectionPoint) {
        return (Boolean) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(Double.class)
    Double doubleValue(InjectionPoint injectionPoint) {
        return (Double) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(Set.class)
    @SuppressWarnings("unchecked")
    Set<String> strings(InjectionPoint injectionPoint) {
        return (Set<String>) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(JsonValue.class)
    JsonValue jsonValue(InjectionPoint injectionPoint) {
        return (JsonValue) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(JsonString.class)
    JsonString jsonString(InjectionPoint injectionPoint) {
        return (JsonString) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(JsonNumber.class)
    JsonNumber jsonNumber(InjectionPoint injectionPoint) {
        return (JsonNumber) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(JsonArray.class)
    JsonArray jsonArray(InjectionPoint injectionPoint) {
        return (JsonArray) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(JsonObject.class)
    JsonObject jsonObject(InjectionPoint injectionPoint) {
        return (JsonObject) value(injectionPoint);
    }

    @Produces
    @Claim
    @SuppressWarnings("unchecked")
    <T> Optional<T> optional(InjectionPoint injectionPoint) {
        return (Optional<T>) value(injectionPoint);
    }

    @Produces
    @Claim
    @Typed(ClaimValue.class)
    <T> ClaimValue<T> claimValue(InjectionPoint injectionPoint) {
        return new InjectedClaimValue<>(name(injectionPoint), shape(injectionPoint).target(),
                currentToken);
    }

    private Object value(InjectionPoint injectionPoint) {
        String name = name(injectionPoint);
        return shape(injectionPoint).target().convert(name, currentToken.getClaim(name));
    }

    private static String name(InjectionPoint injectionPoint) {
        Claim claim = ClaimName.in(injectionPoint.getQualifiers());
        if (claim == null) {
            throw new IllegalStateException("no @Claim on " + injectionPoint);
        }
        return ClaimName.of(claim);
    }

    private static ClaimInjection shape(InjectionPoint injectionPoint) {
        ClaimInjection shape = ClaimInjection.of(injectionPoint.getType());
        if (shape == null) {
            throw new IllegalStateException("a claim cannot be injected as "
                    + injectionPoint.getType().getTypeName());
        }
        return shape;
    }
}
