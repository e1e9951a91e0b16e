package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.perimeter.jwt.runtime.Perimeter;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Admissions;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.RawHttp;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Floods of forged tokens over real HTTP: tokens with the right header and {@code kid} and random
 * signatures, which no cache can answer. An address that spent its budget of failed signatures is
 * refused before parsing, other addresses and cached tokens are not touched, and the bound on
 * concurrent checks answers 503 with {@code Retry-After} rather than queueing.
 */
class ForgedTokenFloodTest {

    private static final String HEADER = TestTokens.header("RS256", "k1");
    private static final String FLOODER = "127.0.0.2";
    private static final String CLIENT = "127.0.0.3";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MutableClock clock = MutableClock.startingNow();

    private JwtConfig.Builder config() {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).clock(clock)
                .set("signature-failure-limit", "5").set("signature-failure-window", "60");
    }

    private String valid(String subject) {
        return TestTokens.rs256(HEADER, TestTokens.claims(subject, clock.instant()));
    }

    /** A token like a valid one, with a random 2048-bit signature. */
    private String forged() {
        byte[] signature = new byte[256];
        RANDOM.nextBytes(signature);
        return TestTokens.withSignature(valid("mallory"), Base64Url.encode(signature));
    }

    @Test
    void anAddressOverItsBudgetIsRefusedUncheckedWhileOthersAndItsCachedTokensPass() throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            String cachedBefore = valid("flooder-own");
            assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", cachedBefore));
            for (int i = 0; i < 5; i++) {
                assertEquals(401, RawHttp.getFrom(FLOODER, jetty.port(), "/api", forged()));
            }
            long badSignatures = filter.perimeter().metrics().requests(RequestOutcome.BAD_SIGNATURE);
            assertEquals(5, badSignatures);

            // Over budget: forged, valid but uncached, and even malformed tokens are refused
            // before parsing, so they all get the same answer and none is checked.
            for (String token : new String[] {forged(), valid("uncached"), "not.a.token"}) {
                String refused = RawHttp.exchangeFrom(FLOODER, jetty.port(), "/api", token);
                assertTrue(refused.startsWith("HTTP/1.1 401"), refused);
                assertTrue(refused.contains("error=\"invalid_token\", error_description=\"too many"
                        + " invalid signatures came from this address; try again later\""), refused);
                assertFalse(refused.contains(token), refused);
            }
            assertEquals(3, filter.perimeter().metrics().requests(RequestOutcome.ADDRESS_OVER_BUDGET));
            assertEquals(badSignatures, filter.perimeter().metrics().requests(RequestOutcome.BAD_SIGNATURE));

            assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", cachedBefore),
                    "a token verified before stays cached and admitted");
            assertEquals(200, RawHttp.getFrom(CLIENT, jetty.port(), "/api", valid("alice")),
                    "another address is checked as usual");
            assertEquals(401, RawHttp.getFrom(CLIENT, jetty.port(), "/api", forged()));

            clock.advance(Duration.ofSeconds(61));
            assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", valid("later")),
                    "after its window the address is checked again");
        }
    }

    @Test
    void aFloodingAddressIsAuditedOnceASecondWithTheCountHeldBackAndCountedEveryTime()
            throws Exception {
        JwtFilter filter = new JwtFilter(config().build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            for (int i = 0; i < 5; i++) {
                RawHttp.getFrom(FLOODER, jetty.port(), "/api", forged());
            }
            for (int i = 0; i < 10; i++) {
                assertEquals(401, RawHttp.getFrom(FLOODER, jetty.port(), "/api", forged()));
            }
            clock.advance(Duration.ofSeconds(1));
            assertEquals(401, RawHttp.getFrom(FLOODER, jetty.port(), "/api", forged()));
            assertTrue(filter.perimeter().audit().flush(Duration.ofSeconds(10)));
            List<AuditEvent> events = new ArrayList<>(filter.perimeter().audit().recent(100,
                    event -> "address_over_budget".equals(event.reason())));
            events.sort(Comparator.comparing(AuditEvent::time));
            assertEquals(2, events.size(), events.toString());
            assertEquals(0L, ((Number) events.get(0).details().get("not_audited_before")).longValue());
            assertEquals(9L, ((Number) events.get(1).details().get("not_audited_before")).longValue());
            assertEquals(FLOODER, events.get(1).clientAddress());
            assertEquals(11, filter.perimeter().metrics().requests(RequestOutcome.ADDRESS_OVER_BUDGET));
        }
    }

    @Test
    void beyondTheConcurrencyBoundASuspectAddressGets503WhileCleanAddressesAndCachedTokensPass()
            throws Exception {
        JwtFilter filter = new JwtFilter(config().set("signature-concurrency", "1").build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            String cached = valid("cached");
            assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", cached));
            assertEquals(401, RawHttp.getFrom(FLOODER, jetty.port(), "/api", forged()),
                    "one invalid signature makes the address suspect for its window");
            TokenVerifier verifier = filter.perimeter().verifier();
            // Holds the single place, as a slow signature check would.
            assertTrue(Admissions.occupy(verifier));
            try {
                String busy = RawHttp.exchangeFrom(FLOODER, jetty.port(), "/api", valid("fresh"));
                assertTrue(busy.startsWith("HTTP/1.1 503"), busy);
                assertTrue(busy.contains("Retry-After: 5"), busy);
                assertTrue(busy.contains("\"error\":\"temporarily_unavailable\""), busy);
                assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", cached),
                        "a cached token never waits for a place");
                assertEquals(200, RawHttp.getFrom(CLIENT, jetty.port(), "/api", valid("clean")),
                        "an address that never failed is never refused by the bound");
            } finally {
                Admissions.vacate(verifier);
            }
            assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", valid("fresh")));
            assertEquals(1, filter.perimeter().metrics().requests(RequestOutcome.OVERLOADED));
        }
    }

    @Test
    void withTheBudgetOffForgedTokensAreAlwaysCheckedAndRefusedForTheirSignature() throws Exception {
        JwtFilter filter = new JwtFilter(config().set("signature-failure-limit", "0").build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            for (int i = 0; i < 8; i++) {
                assertEquals(401, RawHttp.getFrom(FLOODER, jetty.port(), "/api", forged()));
            }
            assertEquals(8, filter.perimeter().metrics().requests(RequestOutcome.BAD_SIGNATURE));
            assertEquals(0, filter.perimeter().metrics().requests(RequestOutcome.ADDRESS_OVER_BUDGET));
            assertEquals(200, RawHttp.getFrom(FLOODER, jetty.port(), "/api", valid("bob")));
        }
    }

    @Test
    void theParametersHaveSafeDefaultsAndBadValuesNameTheParameter() {
        JwtConfig defaults = JwtConfig.builder().issuer(TestTokens.ISSUER)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).build();
        assertEquals(4 * Runtime.getRuntime().availableProcessors(), defaults.signatureConcurrency());
        assertEquals(20, defaults.signatureFailureLimit());
        assertEquals(Duration.ofSeconds(60), defaults.signatureFailureWindow());
        try (Perimeter started = Perimeter.start(defaults)) {
            assertTrue(started.summary().contains("signature-failures=20 per address in 60s"),
                    started.summary());
        }
        assertEquals(0, config().set("signature-concurrency", "0").build().signatureConcurrency());
        for (String[] bad : new String[][] {{"signature-concurrency", "many"},
                {"signature-concurrency", "-1"}, {"signature-failure-limit", "-1"},
                {"signature-failure-window", "0"}}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> config().set(bad[0], bad[1]).build());
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }
}
