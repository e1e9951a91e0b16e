package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.Scenario;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What a full Jakarta EE container adds in container mode: an {@code @RolesAllowed} Enterprise
 * Bean and Jakarta Security's {@code SecurityContext} see the caller the container took from
 * Perimeter's module ({@code /container/ejb}, {@code /container/security}, in the full-platform
 * WAR only). Implemented beside {@link ContainerModeChecks} by the full-profile containers' tests.
 */
interface PlatformSecurityChecks {

    /** The client of the running example. */
    ExampleClient client();

    @Test
    @Scenario("ejb-roles-allowed")
    default void theRolesAllowedEjbAnswersAdminAndRefusesAliceAndTheAnonymous() {
        ExampleClient app = client();
        HttpResponse<String> admin = app.get("/container/ejb", app.login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("{\"ejb\":\"admin\"}", admin.body());

        HttpResponse<String> alice = app.get("/container/ejb", app.login("alice", "alice-password").access());
        assertEquals(403, alice.statusCode(), alice.body());
        assertTrue(ExampleScenarios.challenge(alice).contains("error=\"insufficient_scope\""),
                ExampleScenarios.challenge(alice));

        HttpResponse<String> none = app.get("/container/ejb", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Bearer realm=\"" + ExampleScenarios.REALM + "\"", ExampleScenarios.challenge(none));
    }

    @Test
    @Scenario("security-context")
    default void jakartaSecuritysSecurityContextSeesTheTokensCallerAndRoles() {
        ExampleClient app = client();
        HttpResponse<String> admin = app.get("/container/security", app.login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        JsonNode body = json(admin);
        assertEquals("admin", body.get("caller").asText(), admin.body());
        assertTrue(body.get("admin").asBoolean(), admin.body());

        HttpResponse<String> alice = app.get("/container/security", app.login("alice", "alice-password").access());
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("{\"caller\":\"alice\",\"admin\":false,\"user\":true}", alice.body());
    }
}
