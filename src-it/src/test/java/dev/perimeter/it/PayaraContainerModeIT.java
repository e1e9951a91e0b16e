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
 * The scenario set of {@link PayaraExampleIT} in container mode
 * ({@code -Dperimeter.jwt.authentication=container}): Payara authenticates with Perimeter's
 * module, maps the token's roles by its default principal-to-role mapping and authorizes by the
 * example's constraints; plus {@link ContainerModeChecks}, and the EJB and Jakarta Security,
 * which see the module's caller.
 */
class PayaraContainerModeIT extends PayaraExampleIT implements ContainerModeChecks {

    @Override
    public String containerName() {
        return super.containerName() + "-container-mode";
    }

    @Override
    Map<String, String> modeProperties() {
        return CONTAINER_MODE;
    }

    @Override
    public ExampleClient client() {
        return app;
    }

    @Test
    @Scenario("ejb-roles-allowed")
    void theRolesAllowedEjbAnswersAdminAndRefusesAliceAndTheAnonymous() {
        HttpResponse<String> admin = app.get("/container/ejb", app.login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("{\"ejb\":\"admin\"}", admin.body());

        HttpResponse<String> alice = app.get("/container/ejb", app.login("alice", "alice-password").access());
        assertEquals(403, alice.statusCode(), alice.body());
        assertTrue(challenge(alice).contains("error=\"insufficient_scope\""), challenge(alice));

        HttpResponse<String> none = app.get("/container/ejb", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Bearer realm=\"" + REALM + "\"", challenge(none));
    }

    @Test
    @Scenario("security-context")
    void jakartaSecuritysSecurityContextSeesTheTokensCallerAndRoles() {
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
