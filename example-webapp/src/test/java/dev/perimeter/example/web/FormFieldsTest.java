package dev.perimeter.example.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormFieldsTest {

    private static Map<String, String> decode(String form) {
        return FormFields.decode(form.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static BadRequestException refused(String form) {
        return assertThrows(BadRequestException.class, () -> decode(form));
    }

    @Test
    void aWellFormedFormDecodesAsBrowsersEncodeIt() {
        assertEquals(Map.of("username", "alice", "password", "a b+c=d&ä", "empty", "", "bare", ""),
                decode("username=alice&password=a+b%2Bc%3Dd%26%C3%A4&empty=&bare"));
        assertEquals(Map.of("a", "b=c"), decode("a=b=c"), "the first = splits");
        assertEquals(Map.of(), decode(""));
        assertEquals(Map.of("a", "1", "b", "2"), decode("a=1&&b=2&"), "empty pairs are nothing");
    }

    @Test
    void anythingElseIsABadRequestThatQuotesNothing() {
        for (String form : new String[] {"p=%ZZ", "p=%4", "p=%", "p=%C3%28", "p=%ED%A0%80", "p=%C0%AF",
                "p=a b", "p=\u00e4", "p=a\nb", "p=1&p=2", "%ZZ=1"}) {
            BadRequestException e = refused(form);
            assertEquals(400, e.status(), form);
            assertEquals(false, e.getMessage().contains("p="), form);
        }
    }

    @Test
    void moreThanSixteenFieldsAreRefused() {
        StringBuilder form = new StringBuilder("f0=v");
        for (int i = 1; i < FormFields.MAX_FIELDS; i++) {
            form.append("&f").append(i).append("=v");
        }
        assertEquals(FormFields.MAX_FIELDS, decode(form.toString()).size());
        refused(form + "&one-more=v");
    }
}
