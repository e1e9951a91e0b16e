package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.Scenario;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What container mode adds to the scenario set: the container authenticates with Perimeter's
 * module and authorizes by the example's constraints, and its own API answers for the caller.
 * Implemented by the {@code *ContainerModeIT} classes, which run the whole scenario set besides.
 */
interface ContainerModeChecks {

    /** The switch, as the operator gives it: a system property. */
    Map<String, String> CONTAINER_MODE = Map.of("perimeter.jwt.authentication", "container");

    /** The client of the running example. */
    ExampleClient client();

    @Test
    @Scenario("container-caller")
    default void theContainersOwnApiAnswersForTheTokensCaller() {
        HttpResponse<String> admin = client().get("/container/caller",
                client().login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        JsonNode body = json(admin);
        assertEquals("admin", body.get("principal").asText(), admin.body());
        assertEquals("admin", body.get("remoteUser").asText(), admin.body());
        assertTrue(body.get("admin").asBoolean(), admin.body());
        assertEquals("BEARER", body.get("authType").asText(), admin.body());

        HttpResponse<String> alice = client().get("/container/caller",
                client().login("alice", "alice-password").access());
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("alice", json(alice).get("principal").asText());
        assertEquals(false, json(alice).get("admin").asBoolean(), alice.body());
        assertEquals(true, json(alice).get("user").asBoolean(), alice.body());

        HttpResponse<String> none = client().get("/container/caller", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(ExampleScenarios.NO_TOKEN_CHALLENGE,
                ExampleScenarios.challenge(none));
    }

    @Test
    @Scenario("container-constraints")
    default void theContainersConstraintsAnswer401403And200WithPerimetersContract() {
        String admin = client().login("admin", "admin-password").access();
        String alice = client().login("alice", "alice-password").access();
        for (String path : new String[] {"/container/admin", "/metrics", "/admin/audit"}) {
            HttpResponse<String> none = client().get(path, null);
            assertEquals(401, none.statusCode(), path + " " + none.body());
            assertEquals(ExampleScenarios.NO_TOKEN_CHALLENGE,
                    ExampleScenarios.challenge(none), path);

            HttpResponse<String> refused = client().get(path, alice);
            assertEquals(403, refused.statusCode(), path + " " + refused.body());
            assertTrue(ExampleScenarios.challenge(refused).contains("error=\"insufficient_scope\""),
                    path + " " + ExampleScenarios.challenge(refused));
            assertEquals("insufficient_scope", json(refused).get("error").asText(), path);

            HttpResponse<String> admitted = client().get(path, admin);
            assertEquals(200, admitted.statusCode(), path + " " + admitted.body());
        }
        assertEquals("{\"admin\":\"admin\"}", client().get("/container/admin", admin).body());
    }
}
