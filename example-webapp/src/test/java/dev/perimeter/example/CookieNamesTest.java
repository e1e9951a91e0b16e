package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CookieNamesTest {

    @Test
    void prefixedNamesOnlyWithSecureCookiesForcedAndTheApplicationAtTheRoot() {
        assertEquals("__Host-access_token", CookieNames.of(true, "").access());
        assertEquals("__Secure-refresh_token", CookieNames.of(true, "").refresh());
        assertEquals("XSRF-TOKEN", CookieNames.of(true, "").xsrf(), "the name the filter's CSRF check reads");
        assertEquals(CookieNames.PLAIN, CookieNames.of(null, ""), "auto: Secure follows each request");
        assertEquals(CookieNames.PLAIN, CookieNames.of(false, ""));
        assertEquals(CookieNames.PLAIN, CookieNames.of(true, "/perimeter-example"),
                "__Host- needs Path=/");
    }
}
