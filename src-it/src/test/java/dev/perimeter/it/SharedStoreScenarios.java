package dev.perimeter.it;

import static dev.perimeter.it.ExampleScenarios.assertRevoked;
import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ContainerUnderTest;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.ScenarioSummary;
import dev.perimeter.it.support.SummaryLog;
import dev.perimeter.it.support.TokenPair;
import dev.perimeter.jwt.testing.Eventually;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Tomcat 11 nodes running the example against one application database (users, keys,
 * refresh tokens) and one revocation store, with one signing key: what one node issues the other
 * accepts, and what one node revokes the other refuses within the store's sync interval. A
 * subclass says which store, and how each node is configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ScenarioSummary.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class SharedStoreScenarios implements ContainerUnderTest {

    /** The issuer both nodes put in their tokens and accept. */
    static final String ISSUER = "http://perimeter.test";

    private final List<RunningNode> nodes = new ArrayList<>();
    ExampleClient one;
    ExampleClient two;

    /** Prepares what both nodes share (schemas, the key file); called before either starts. */
    abstract void prepareShared();

    /** Starts node {@code number} (1 or 2) with the example deployed, and waits until it is ready. */
    abstract RunningNode startNode(int number);

    /** How soon a revocation made on one node must hold on the other. */
    abstract Duration propagationLimit();

    /** Removes what the nodes shared and wrote; runs after both have stopped. */
    abstract void cleanUp();

    /** The {@code revocation.kind} that {@code /health} reports for the shared store. */
    abstract String expectedStoreKind();

    @BeforeAll
    void start() {
        prepareShared();
        // One after the other: the first start creates the demo users and records the key.
        for (int number = 1; number <= 2; number++) {
            long began = System.nanoTime();
            try {
                nodes.add(startNode(number));
            } catch (RuntimeException | Error e) {
                SummaryLog.outcome(containerName(), "start-node-" + number, "FAIL",
                        Duration.ofNanos(System.nanoTime() - began));
                throw e;
            }
            SummaryLog.outcome(containerName(), "start-node-" + number, "PASS", nodes.get(number - 1).startup());
        }
        one = new ExampleClient(nodes.get(0).root());
        two = new ExampleClient(nodes.get(1).root());
    }

    @AfterAll
    void stop() {
        try {
            nodes.forEach(RunningNode::close);
        } finally {
            cleanUp();
        }
    }

    /** The directory of node {@code number}: {@code target/containers/<container>-<number>}. */
    Path nodeDirectory(int number) {
        return Built.containers().resolve(containerName() + "-" + number);
    }

    /** Every access token either client received, for clean-up. */
    List<String> issuedAccessTokens() {
        List<String> tokens = new ArrayList<>(one.issuedAccessTokens());
        tokens.addAll(two.issuedAccessTokens());
        return tokens;
    }

    // --- the scenarios ---

    @Test
    @Scenario("health-of-both")
    void bothNodesAreUpOnTheSharedStoreAndTrustTheSharedKey() {
        for (ExampleClient node : List.of(one, two)) {
            HttpResponse<String> health = node.get("/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("UP", json(health).get("status").asText(), health.body());
            assertEquals(expectedStoreKind(), json(health).get("revocation").get("kind").asText());
            assertEquals("srcit-" + storeName(), json(health).get("keys").get("signingKid").asText());
        }
    }

    /** The shared store's short name, in the nodes' {@code kid}: {@code postgres}, {@code redis}. */
    abstract String storeName();

    @Test
    @Scenario("issued-on-1-accepted-on-2")
    void whatOneNodeIssuesTheOtherAcceptsAndRefreshes() {
        TokenPair alice = one.login("alice", "alice-password");
        HttpResponse<String> me = two.get("/api/me", alice.access());
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("alice", json(me).get("sub").asText());
        assertEquals(ISSUER, json(me).get("iss").asText());

        HttpResponse<String> ping = one.get("/api/admin/ping", two.login("admin", "admin-password").access());
        assertEquals(200, ping.statusCode(), ping.body());

        HttpResponse<String> refreshed = two.refresh(alice.refresh());
        assertEquals(200, refreshed.statusCode(), "node 2 refreshes node 1's login: " + refreshed.body());
        assertEquals(200, one.get("/api/me", two.pairOf(refreshed).access()).statusCode());
    }

    @Test
    @Scenario("logout-on-1-refused-on-2")
    void aTokenLoggedOutOnOneNodeIsRefusedByTheOtherWithinTheSyncInterval() {
        TokenPair alice = one.login("alice", "alice-password");
        assertEquals(200, two.get("/api/me", alice.access()).statusCode());
        assertEquals(204, one.post("/auth/logout", alice.access()).statusCode());
        Duration took = Eventually.within(propagationLimit(), "node 2 refuses the token logged out on node 1",
                () -> two.get("/api/me", alice.access()).statusCode() == 401);
        SummaryLog.figure(containerName(), "logout-reached-node-2-after", took);
        assertRevoked(two.get("/api/me", alice.access()));
        assertEquals(401, two.refresh(alice.refresh()).statusCode());
    }

    @Test
    @Scenario("subject-revoked-on-1-refused-on-2")
    void aSubjectRevokedOnOneNodeIsRefusedByTheOtherWithinTheSyncInterval() {
        TokenPair admin = one.login("admin", "admin-password");
        TokenPair alice = two.login("alice", "alice-password");
        assertEquals(200, two.get("/api/me", alice.access()).statusCode());
        assertEquals(204, one.post("/admin/subjects/alice/revoke", admin.access()).statusCode());
        Duration took = Eventually.within(propagationLimit(), "node 2 refuses alice's token after the"
                + " subject revocation on node 1", () -> two.get("/api/me", alice.access()).statusCode() == 401);
        SummaryLog.figure(containerName(), "subject-revocation-reached-node-2-after", took);
        assertRevoked(two.get("/api/me", alice.access()));
        assertEquals(200, two.get("/api/me", admin.access()).statusCode(), "admin's token still works");
        TokenPair again = two.login("alice", "alice-password");
        assertEquals(200, one.get("/api/me", again.access()).statusCode(), "a new login works everywhere");
    }

    @Test
    @Scenario("refresh-reuse-across-nodes")
    void reusingOnOneNodeARefreshTokenSpentOnTheOtherRevokesTheFamilyOnBoth() {
        TokenPair first = one.login("alice", "alice-password");
        TokenPair second = two.pairOf(two.refresh(first.refresh()));
        assertEquals(200, one.get("/api/me", second.access()).statusCode());

        HttpResponse<String> reuse = one.refresh(first.refresh());
        assertEquals(401, reuse.statusCode(), reuse.body());
        assertEquals("invalid_grant", json(reuse).get("error").asText());
        Eventually.within(propagationLimit(), "node 2 refuses the family's access token",
                () -> two.get("/api/me", second.access()).statusCode() == 401);
        assertRevoked(one.get("/api/me", second.access()));
        assertRevoked(two.get("/api/me", second.access()));
    }
}
