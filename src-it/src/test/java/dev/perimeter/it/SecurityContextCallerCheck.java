package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.Scenario;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Security's {@code SecurityContext.getCallerPrincipal()} names the token's caller, besides
 * the roles of {@link FullProfileChecks}. Payara's does; GlassFish 8.0.0-M12's answers null
 * (GlassFish8IT asserts that instead, docs/container-mode.md).
 */
interface SecurityContextCallerCheck {

    /** The client of the running example. */
    ExampleClient client();

    @Test
    @Scenario("security-context-caller")
    default void jakartaSecuritysSecurityContextNamesTheTokensCaller() {
        HttpResponse<String> admin = client().get("/container/security", client().login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("{\"caller\":\"admin\",\"admin\":true,\"user\":true}", admin.body());

        HttpResponse<String> alice = client().get("/container/security", client().login("alice", "alice-password").access());
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("{\"caller\":\"alice\",\"admin\":false,\"user\":true}", alice.body());
    }
}
