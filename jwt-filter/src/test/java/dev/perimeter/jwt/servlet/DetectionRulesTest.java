package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.RawHttp;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The detection rules in real Jetty, each firing and not firing: a token used from more client
 * addresses than {@code token-address-limit} (clients on 127.0.0.2, .3, … reach the loopback
 * connector), under each action; and a burst of bad signatures.
 */
class DetectionRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.startingNow();

    private JwtConfig.Builder config(String action, int limit) {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic())).clock(clock)
                .set("token-address-action", action)
                .set("token-address-limit", Integer.toString(limit))
                .set("token-address-window", "300");
    }

    private static List<AuditEvent> events(JwtFilter filter, AuditEvent.Kind kind)
            throws InterruptedException {
        assertTrue(filter.perimeter().audit().flush(WAIT));
        List<AuditEvent> events = new ArrayList<>(
                filter.perimeter().audit().recent(1000, e -> e.kind() == kind));
        Collections.reverse(events);
        return events;
    }

    private static int get(JettyHarness jetty, String from, String token) throws Exception {
        return RawHttp.getFrom(from, jetty.port(), "/api/me", token);
    }

    @Test
    void underLogATokenFromOneAddressTooManyRaisesOneAlertAndIsStillAdmitted() throws Exception {
        String claims = TestTokens.claims("alice", clock.instant(), "user");
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"), claims);
        JwtFilter filter = new JwtFilter(config("log", 2).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            assertEquals(200, get(jetty, "127.0.0.2", token));
            assertEquals(200, get(jetty, "127.0.0.3", token));
            assertEquals(List.of(), events(filter, AuditEvent.Kind.ALERT), "two are within 2");
            assertEquals(200, get(jetty, "127.0.0.4", token), "log only: still admitted");
            assertEquals(200, get(jetty, "127.0.0.5", token));
            assertEquals(200, get(jetty, "127.0.0.2", token));

            List<AuditEvent> alerts = events(filter, AuditEvent.Kind.ALERT);
            assertEquals(1, alerts.size(), "one alert for the spread, not one per request");
            AuditEvent alert = alerts.get(0);
            assertEquals("token_address_spread", alert.reason());
            assertEquals("log", alert.outcome());
            assertEquals("alice", alert.subject());
            assertEquals(TestTokens.jti(claims), alert.tokenId());
            assertEquals("127.0.0.4", alert.clientAddress(), "the request that crossed");
            assertEquals("127.0.0.2 127.0.0.3 127.0.0.4", alert.details().get("addresses"));
            assertEquals(3, alert.details().get("distinct"));
            assertEquals(2, alert.details().get("limit"));
            assertEquals(300L, alert.details().get("window_seconds"));
            assertEquals(List.of(), events(filter, AuditEvent.Kind.REVOKED));
            assertEquals(5, filter.perimeter().metrics().requests(RequestOutcome.ADMITTED));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void addressesWithinTheLimitOrOutsideTheWindowRaiseNothing() throws Exception {
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", clock.instant(), "user"));
        JwtFilter filter = new JwtFilter(config("revoke-token", 3).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            for (int round = 0; round < 3; round++) {
                for (String from : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
                    assertEquals(200, get(jetty, from, token));
                }
            }
            // A fourth and fifth address, but once the first three are a window old.
            clock.advance(Duration.ofSeconds(300));
            assertEquals(200, get(jetty, "127.0.0.5", token));
            assertEquals(200, get(jetty, "127.0.0.6", token));
            assertEquals(List.of(), events(filter, AuditEvent.Kind.ALERT));
            assertEquals(0, filter.perimeter().metrics().requests(RequestOutcome.REVOKED));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void underRevokeTokenTheCrossingRequestAndEveryLaterOneAreRefusedAndTheStoreRevokesIt()
            throws Exception {
        Instant issued = clock.instant();
        String claims = TestTokens.claims("alice", issued, "user");
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"), claims);
        String sibling = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", issued, "user"));
        JwtFilter filter = new JwtFilter(config("revoke-token", 2).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            RevocationStore store = filter.perimeter().revocationStore();
            assertEquals(200, get(jetty, "127.0.0.2", token));
            assertEquals(200, get(jetty, "127.0.0.3", token));
            assertEquals(401, get(jetty, "127.0.0.4", token), "the request that crossed");
            assertEquals(401, get(jetty, "127.0.0.2", token), "and its owner's next one");
            Eventually.within(WAIT, "the revocation landed in the store",
                    () -> store.isRevoked(TestTokens.jti(claims), "alice", issued));
            assertEquals(401, jetty.getWithBearer("/api/me", token).statusCode());
            assertEquals(200, get(jetty, "127.0.0.2", sibling), "the subject's other tokens pass");

            List<AuditEvent> alerts = events(filter, AuditEvent.Kind.ALERT);
            assertEquals(1, alerts.size());
            assertEquals("revoke-token", alerts.get(0).outcome());
            List<AuditEvent> revoked = events(filter, AuditEvent.Kind.REVOKED);
            assertEquals(1, revoked.size());
            assertEquals("token_address_spread", revoked.get(0).reason());
            assertEquals("success", revoked.get(0).outcome());
            assertEquals(TestTokens.jti(claims), revoked.get(0).tokenId());
            List<AuditEvent> refusals = events(filter, AuditEvent.Kind.REJECTED);
            assertEquals(3, refusals.size());
            assertEquals("revoked", refusals.get(0).reason());
            assertEquals("token_address_spread", refusals.get(0).details().get("rule"));
            assertEquals("127.0.0.4", refusals.get(0).clientAddress());
            assertEquals("revoked", refusals.get(2).reason(), "refused by the store itself");
            assertEquals(null, refusals.get(2).details().get("rule"));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void underRevokeSubjectEveryTokenOfTheSubjectIssuedSoFarIsRefusedOnceTheRevocationLands()
            throws Exception {
        Instant issued = clock.instant().minusSeconds(5);
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", issued, "user"));
        String sibling = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", issued, "user"));
        String bob = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("bob", issued, "user"));
        JwtFilter filter = new JwtFilter(config("revoke-subject", 1).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            RevocationStore store = filter.perimeter().revocationStore();
            assertEquals(200, get(jetty, "127.0.0.2", sibling));
            assertEquals(200, get(jetty, "127.0.0.2", token));
            assertEquals(401, get(jetty, "127.0.0.3", token), "the request that crossed");
            Eventually.within(WAIT, "the subject's revocation landed",
                    () -> store.isRevoked(null, "alice", issued));
            assertEquals(401, get(jetty, "127.0.0.2", sibling), "issued before: refused");
            assertEquals(200, get(jetty, "127.0.0.2", bob));
            String fresh = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("alice", clock.instant().plusSeconds(2), "user"));
            assertEquals(200, get(jetty, "127.0.0.2", fresh), "a token issued after is fine");

            List<AuditEvent> revoked = events(filter, AuditEvent.Kind.REVOKED);
            assertEquals(1, revoked.size());
            assertEquals("alice", revoked.get(0).subject());
            assertEquals("revoke-subject", revoked.get(0).details().get("action"));
            assertEquals(clock.instant().toString(), revoked.get(0).details().get("cutoff"));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void aTokenWithNeitherSubNorJtiIsRefusedOnceItCrossesAndItsRevocationFailsNamingWhy()
            throws Exception {
        Instant issued = clock.instant();
        // a principal from preferred_username, so the token is valid without sub
        String claims = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"preferred_username\":\"alice\",\"iat\":" + issued.getEpochSecond() + ",\"exp\":"
                + (issued.getEpochSecond() + 300) + ",\"groups\":[\"user\"]}";
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"), claims);
        JwtFilter filter = new JwtFilter(config("revoke-subject", 1).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            assertEquals(200, get(jetty, "127.0.0.2", token));
            assertEquals(401, get(jetty, "127.0.0.3", token), "the request that crossed");
            assertEquals(401, get(jetty, "127.0.0.2", token), "refused while this node tracks it");

            List<AuditEvent> alerts = events(filter, AuditEvent.Kind.ALERT);
            assertEquals(1, alerts.size());
            assertEquals("revoke-subject", alerts.get(0).outcome());
            assertEquals(null, alerts.get(0).subject());
            assertEquals(null, alerts.get(0).tokenId());
            List<AuditEvent> revoked = events(filter, AuditEvent.Kind.REVOKED);
            assertEquals(1, revoked.size());
            assertEquals("token_address_spread", revoked.get(0).reason());
            assertEquals("failure", revoked.get(0).outcome());
            assertEquals("the token has no sub or jti to revoke; this node refuses it while it"
                    + " tracks it", revoked.get(0).details().get("error"));
            assertEquals("revoke-subject", revoked.get(0).details().get("action"));
            List<AuditEvent> refusals = events(filter, AuditEvent.Kind.REJECTED);
            assertEquals(2, refusals.size(), "the crossing request and the later one");
            for (AuditEvent refusal : refusals) {
                assertEquals("revoked", refusal.reason());
                assertEquals("token_address_spread", refusal.details().get("rule"));
            }
            assertEquals(2, filter.perimeter().metrics().requests(RequestOutcome.REVOKED));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void offTracksNothing() throws Exception {
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", clock.instant(), "user"));
        JwtFilter filter = new JwtFilter(config("off", 1).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            for (int i = 2; i < 8; i++) {
                assertEquals(200, get(jetty, "127.0.0." + i, token));
            }
            assertEquals(List.of(), events(filter, AuditEvent.Kind.ALERT));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void aBurstOfBadSignaturesRaisesOneWarningPerWindowWithItsCount() throws Exception {
        String forged = TestTokens.sign(TestTokens.header("RS256", "k1"),
                TestTokens.claims("mallory", clock.instant()), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate());
        String expired = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("carol", clock.instant().minusSeconds(4000)));
        JwtFilter filter = new JwtFilter(JwtConfig.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .clock(clock).set("bad-signature-limit", "3").set("bad-signature-window", "60")
                .build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, jetty.getWithBearer("/api/me", forged).statusCode());
                assertEquals(401, jetty.getWithBearer("/api/me", expired).statusCode());
            }
            assertEquals(List.of(), events(filter, AuditEvent.Kind.WARNING),
                    "three bad signatures (and other failures) are within 3");
            for (int i = 0; i < 5; i++) {
                assertEquals(401, jetty.getWithBearer("/api/me", forged).statusCode());
            }
            List<AuditEvent> warnings = events(filter, AuditEvent.Kind.WARNING);
            assertEquals(1, warnings.size(), "one warning for the burst, not one per failure");
            AuditEvent warning = warnings.get(0);
            assertEquals("bad_signature_burst", warning.reason());
            assertEquals(4L, warning.details().get("count"));
            assertEquals(3, warning.details().get("limit"));
            assertEquals(60L, warning.details().get("window_seconds"));

            clock.advance(Duration.ofSeconds(60));
            for (int i = 0; i < 4; i++) {
                jetty.getWithBearer("/api/me", forged);
            }
            assertEquals(2, events(filter, AuditEvent.Kind.WARNING).size(), "a new window");
            assertEquals(12, filter.perimeter().metrics().requests(RequestOutcome.BAD_SIGNATURE));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void invalidDetectionParametersFailNamingTheParameter() {
        for (String[] bad : new String[][] {
                {"token-address-action", "ban"}, {"token-address-limit", "0"},
                {"token-address-window", "x"}, {"bad-signature-limit", "0"},
                {"bad-signature-window", "86401"}, {"audit-queue-size", "15"},
                {"audit-history-size", "-1"}}) {
            dev.perimeter.jwt.config.ConfigException e = org.junit.jupiter.api.Assertions
                    .assertThrows(dev.perimeter.jwt.config.ConfigException.class,
                            () -> config("log", 3).set(bad[0], bad[1]).build());
            assertEquals(bad[0], e.parameter());
            assertTrue(e.getMessage().contains("'" + bad[0] + "'"), e.getMessage());
        }
        assertEquals("revoke-subject", config("REVOKE-SUBJECT", 3).build().tokenAddressAction()
                .toString());
        assertEquals(List.of("off", "log", "revoke-token", "revoke-subject"),
                java.util.Arrays.stream(dev.perimeter.jwt.detection.AddressSpreadAction.values())
                        .map(Object::toString).collect(Collectors.toList()));
    }
}
