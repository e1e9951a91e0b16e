package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The default {@code dpop-url}: the issuer as the root of the application's URLs. */
class FilterDefaultsTest {

    @Test
    void theDpopUrlIsTheIssuerWithoutATrailingSlash() {
        assertEquals("http://localhost:8080", FilterDefaults.dpopUrl("http://localhost:8080", ""));
        assertEquals("https://example.com", FilterDefaults.dpopUrl("https://example.com/", ""));
    }

    @Test
    void aContextPathAtTheEndOfTheIssuerIsTakenOffSinceTheRequestPathHoldsIt() {
        assertEquals("https://example.com",
                FilterDefaults.dpopUrl("https://example.com/perimeter-example", "/perimeter-example"));
        assertEquals("https://example.com",
                FilterDefaults.dpopUrl("https://example.com/perimeter-example/", "/perimeter-example"));
        // A proxy's prefix before the context path stays.
        assertEquals("https://example.com/apps",
                FilterDefaults.dpopUrl("https://example.com/apps/perimeter-example", "/perimeter-example"));
        // Another path is a proxy's prefix too, and a name that only ends like the context path
        // is no context path.
        assertEquals("https://example.com/gateway", FilterDefaults.dpopUrl("https://example.com/gateway", ""));
        assertEquals("https://example.com/myshop", FilterDefaults.dpopUrl("https://example.com/myshop", "/shop"));
    }

    @Test
    void anIssuerThatIsNoHttpUrlGivesNone() {
        assertNull(FilterDefaults.dpopUrl("perimeter-example", ""));
        assertNull(FilterDefaults.dpopUrl("urn:example:issuer", ""));
        assertNull(FilterDefaults.dpopUrl("https://example.com/?tenant=a", ""));
        assertNull(FilterDefaults.dpopUrl("https://user@example.com", ""));
        assertNull(FilterDefaults.dpopUrl("/perimeter-example", "/perimeter-example"));
    }
}
