package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.containers.PayaraNode;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.Scenario;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scenario set of {@link PayaraExampleIT} in container mode
 * ({@code -Dperimeter.jwt.authentication=container}): Payara authenticates with Perimeter's
 * module, maps the token's roles by its default principal-to-role mapping and authorizes by the
 * example's constraints; plus {@link ContainerModeChecks} and {@link PlatformSecurityChecks}: the
 * EJB and Jakarta Security, which see the module's caller.
 *
 * <p>Payara's default ({@code file}) realm has a user {@value #REALM_USER} in group
 * {@code admin}, whom the example does not know: a token that names that user carries only the
 * token's roles ({@link #aFileRealmUsersGroupsDoNotReachATokenOfTheSameName}).
 */
class PayaraContainerModeIT extends PayaraExampleIT implements PlatformSecurityChecks {

    @Override
    public String containerName() {
        return super.containerName() + "-container-mode";
    }

    @Override
    Map<String, String> modeProperties() {
        return CONTAINER_MODE;
    }

    /** A user of Payara's file realm, in group {@code admin}, and of no example realm. */
    static final String REALM_USER = "mallory";

    @Override
    public ExampleClient client() {
        return app;
    }

    @Override
    void configure(PayaraNode.Builder builder) {
        builder.fileRealmUser(REALM_USER, "mallory-password-1", List.of("admin"));
    }

    @Test
    @Scenario("realm-groups")
    void aFileRealmUsersGroupsDoNotReachATokenOfTheSameName() throws IOException {
        List<String> keyfile = Files.readAllLines(node().directory().resolve(PayaraNode.FILE_REALM_KEYFILE));
        assertTrue(keyfile.stream().anyMatch(line -> line.startsWith(REALM_USER + ";") && line.endsWith(";admin")),
                "the post-boot create-file-user made " + REALM_USER + " an admin of the file realm: " + keyfile);
        String token = signedByTheExample(REALM_USER, List.of("user"));

        HttpResponse<String> caller = app.get("/container/caller", token);
        assertEquals(200, caller.statusCode(), caller.body());
        JsonNode body = json(caller);
        assertEquals(REALM_USER, body.get("principal").asText(), caller.body());
        assertTrue(body.get("user").asBoolean(), caller.body());
        assertFalse(body.get("admin").asBoolean(), "isUserInRole(admin): " + caller.body());

        HttpResponse<String> constrained = app.get("/container/admin", token);
        assertEquals(403, constrained.statusCode(), "@ServletSecurity admin: " + constrained.body());
        assertTrue(challenge(constrained).contains("error=\"insufficient_scope\""), challenge(constrained));

        HttpResponse<String> ejb = app.get("/container/ejb", token);
        assertEquals(403, ejb.statusCode(), "@RolesAllowed admin EJB: " + ejb.body());

        HttpResponse<String> security = app.get("/container/security", token);
        assertEquals(200, security.statusCode(), security.body());
        assertEquals("{\"caller\":\"" + REALM_USER + "\",\"admin\":false,\"user\":true}", security.body());
    }
}
