package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.support.Scenario;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What container mode adds on a full Jakarta EE server (the example's full-platform WAR,
 * {@code perimeter-example-payara.war}): an Enterprise Bean with {@code @RolesAllowed} and
 * Jakarta Security's {@code SecurityContext} see the caller and the roles that the container took
 * from Perimeter's module. Implemented beside {@link ContainerModeChecks}.
 */
interface PlatformSecurityChecks extends ContainerModeChecks {

    @Test
    @Scenario("ejb-roles-allowed")
    default void theRolesAllowedEjbAnswersAdminAndRefusesAliceAndTheAnonymous() {
        HttpResponse<String> admin = client().get("/container/ejb", client().login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("{\"ejb\":\"admin\"}", admin.body());

        HttpResponse<String> alice = client().get("/container/ejb", client().login("alice", "alice-password").access());
        assertEquals(403, alice.statusCode(), alice.body());
        assertTrue(ExampleScenarios.challenge(alice).contains("error=\"insufficient_scope\""),
                ExampleScenarios.challenge(alice));

        HttpResponse<String> none = client().get("/container/ejb", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(ExampleScenarios.NO_TOKEN_CHALLENGE, ExampleScenarios.challenge(none));
    }

    @Test
    @Scenario("security-context")
    default void jakartaSecuritysSecurityContextSeesTheTokensCallerAndRoles() {
        HttpResponse<String> admin = client().get("/container/security", client().login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        JsonNode body = json(admin);
        assertEquals("admin", body.get("caller").asText(), admin.body());
        assertTrue(body.get("admin").asBoolean(), admin.body());

        HttpResponse<String> alice = client().get("/container/security", client().login("alice", "alice-password").access());
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("{\"caller\":\"alice\",\"admin\":false,\"user\":true}", alice.body());
    }
}
