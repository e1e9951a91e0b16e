package dev.perimeter.jwt.microprofile.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conversion of a claim, as {@code getClaim} answers it, to the type an injection point asks for;
 * and the refusal, naming the claim and the types but not the value, when its JSON is not that.
 */
class ClaimTargetTest {

    // Fields only for their generic types.
    Optional<Long> optionalLong;
    Set<String> strings;
    Set<Integer> integers;
    List<String> list;

    @Test
    void injectionTypesMapToKindsAndOthersToNone() throws Exception {
        assertEquals(new ClaimTarget(ClaimKind.LONG, false), ClaimTarget.of(long.class));
        assertEquals(new ClaimTarget(ClaimKind.BOOLEAN, false), ClaimTarget.of(boolean.class));
        assertEquals(new ClaimTarget(ClaimKind.LONG, true), ClaimTarget.of(type("optionalLong")));
        assertEquals(new ClaimTarget(ClaimKind.STRING_SET, false), ClaimTarget.of(type("strings")));
        assertEquals(new ClaimTarget(ClaimKind.JSON_STRING, false), ClaimTarget.of(JsonString.class));
        assertNull(ClaimTarget.of(type("integers")));
        assertNull(ClaimTarget.of(type("list")));
        assertNull(ClaimTarget.of(Integer.class));
        assertNull(ClaimTarget.of(Object.class));
    }

    @Test
    void claimValuesConvertBetweenJavaAndJsonPForms() {
        JsonValue number = JsonClaims.toJson(1311280970L);
        assertEquals(1311280970L, new ClaimTarget(ClaimKind.LONG, false).convert("iat", number));
        assertEquals(number, new ClaimTarget(ClaimKind.JSON_NUMBER, false).convert("iat", 1311280970L));
        assertEquals(true, new ClaimTarget(ClaimKind.BOOLEAN, false).convert("b", JsonValue.TRUE));
        assertEquals(2.5, new ClaimTarget(ClaimKind.DOUBLE, false).convert("d", JsonClaims.toJson(2.5)));
        assertEquals(Set.of("a", "b"), new ClaimTarget(ClaimKind.STRING_SET, false)
                .convert("s", JsonClaims.toJson(List.of("a", "b"))));
        assertEquals("x", ((JsonString) new ClaimTarget(ClaimKind.JSON_STRING, false)
                .convert("s", "x")).getString());
        JsonObject object = (JsonObject) new ClaimTarget(ClaimKind.JSON_OBJECT, false)
                .convert("o", JsonClaims.toJson(Map.of("k", List.of(1L, "two"))));
        assertEquals("two", object.getJsonArray("k").getString(1));
        assertEquals(Optional.of("x"), new ClaimTarget(ClaimKind.STRING, true).convert("s", "x"));
    }

    @Test
    void absentAndJsonNullClaimsAreNullEmptyOrJsonNull() {
        assertNull(new ClaimTarget(ClaimKind.STRING, false).convert("s", null));
        assertNull(new ClaimTarget(ClaimKind.JSON_STRING, false).convert("s", JsonValue.NULL));
        assertSame(JsonValue.NULL, new ClaimTarget(ClaimKind.JSON_VALUE, false).convert("s", null));
        assertEquals(Optional.empty(), new ClaimTarget(ClaimKind.JSON_VALUE, true).convert("s", null));
        assertEquals(Optional.of(JsonValue.NULL),
                new ClaimTarget(ClaimKind.JSON_VALUE, true).convert("s", JsonValue.NULL));
        assertEquals(Optional.empty(), new ClaimTarget(ClaimKind.LONG, true).convert("s", JsonValue.NULL));
    }

    @Test
    void aClaimWhoseJsonIsNotTheTypeAskedForIsRefusedWithoutItsValue() {
        ClaimTypeException wrongType = assertThrows(ClaimTypeException.class,
                () -> new ClaimTarget(ClaimKind.LONG, false).convert("customString", "secret-ish"));
        assertEquals("claim 'customString' is a String, not Long", wrongType.getMessage());
        ClaimTypeException fraction = assertThrows(ClaimTypeException.class,
                () -> new ClaimTarget(ClaimKind.LONG, false).convert("d", JsonClaims.toJson(2.5)));
        assertEquals("claim 'd' is a JSON number, not Long", fraction.getMessage());
        assertThrows(ClaimTypeException.class, () -> new ClaimTarget(ClaimKind.STRING_SET, false)
                .convert("mixed", JsonClaims.toJson(List.of("a", 1L))));
        assertThrows(ClaimTypeException.class, () -> new ClaimTarget(ClaimKind.JSON_OBJECT, true)
                .convert("a", JsonClaims.toJson(List.of())));
        assertFalse(fraction.getMessage().contains("2.5"));
    }

    private Type type(String field) throws NoSuchFieldException {
        return ClaimTargetTest.class.getDeclaredField(field).getGenericType();
    }
}
