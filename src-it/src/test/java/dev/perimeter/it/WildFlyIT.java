package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.containers.Deployment;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.WildFlyNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.ExampleWars;
import dev.perimeter.it.support.Scenario;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scenario set on one WildFly ({@code bin/standalone.sh}, the default profile) holding the
 * full-platform WAR ({@code perimeter-example-payara.war}) twice, from copies whose web.xml
 * carries each deployment's settings: {@code /filter-mode} ({@link FilterMode}) and
 * {@code /container-mode} ({@link ContainerMode}, {@code perimeter.jwt.authentication=container}),
 * each with its own data directory (its own H2 file, signing key and users). Container mode also
 * runs {@link ContainerModeChecks} and {@link PlatformSecurityChecks} (the {@code @RolesAllowed}
 * Enterprise Bean, Jakarta Security's {@code SecurityContext}), and shows that a user of
 * WildFly's {@code ApplicationRealm} of the caller's name ({@value #REALM_USER}, group
 * {@code admin}) lends a token none of its groups.
 *
 * <p>The one server setting: Undertow's {@code application-security-domain} {@code other} with
 * {@code integrated-jaspi="false"} (see {@link WildFlyNode}); nothing is added to the WAR (its
 * {@code payara-web.xml} is Payara's and ignored here).
 */
class WildFlyIT {

    private static final String FILTER_DEPLOYMENT = "filter-mode";
    private static final String CONTAINER_DEPLOYMENT = "container-mode";

    /** A user of WildFly's {@code ApplicationRealm}, in group {@code admin}, and of no example realm. */
    static final String REALM_USER = "mallory";

    private static RunningNode node;

    static Path nodeDirectory() {
        return Built.containers().resolve(WildFlyNode.versionName(Built.wildfly()));
    }

    /** Where a deployment keeps its data, beside (not in) WildFly's own {@code data/}. */
    static Path dataDirectory(String deployment) {
        return nodeDirectory().resolve("example-data").resolve(deployment);
    }

    @BeforeAll
    static void startWildFly() {
        Path wars = nodeDirectory().resolveSibling(nodeDirectory().getFileName() + "-wars");
        Path filterWar = ExampleWars.withContextParameters(Built.payaraWar(), wars.resolve(FILTER_DEPLOYMENT + ".war"),
                Map.of("perimeter.example.data-dir", dataDirectory(FILTER_DEPLOYMENT).toString()));
        Path containerWar = ExampleWars.withContextParameters(Built.payaraWar(), wars.resolve(CONTAINER_DEPLOYMENT + ".war"),
                Map.of("perimeter.example.data-dir", dataDirectory(CONTAINER_DEPLOYMENT).toString(),
                        "perimeter.jwt.authentication", "container"));
        node = WildFlyNode.builder(Built.wildfly(), nodeDirectory())
                .deployment(FILTER_DEPLOYMENT, filterWar)
                .deployment(CONTAINER_DEPLOYMENT, containerWar)
                .applicationUser(REALM_USER, "mallory-password-1", List.of("admin"))
                .start();
    }

    @AfterAll
    static void stopWildFly() {
        if (node != null) {
            node.close();
        }
    }

    /** One mode's deployment; closing it leaves WildFly running for the other. */
    abstract static class OneDeployment extends ExampleScenarios {

        abstract String deployment();

        @Override
        public String containerName() {
            return WildFlyNode.versionName(Built.wildfly()) + "-" + deployment();
        }

        @Override
        RunningNode startNode() {
            if (node == null) {
                throw new IllegalStateException("WildFly did not start; see the error of WildFlyIT's @BeforeAll");
            }
            return Deployment.of(node, "/" + deployment(), containerName());
        }

        @Override
        Path dataDirectory() {
            return WildFlyIT.dataDirectory(deployment());
        }
    }

    @Nested
    class FilterMode extends OneDeployment {
        @Override
        String deployment() {
            return FILTER_DEPLOYMENT;
        }
    }

    @Nested
    class ContainerMode extends OneDeployment implements PlatformSecurityChecks {
        @Override
        String deployment() {
            return CONTAINER_DEPLOYMENT;
        }

        @Override
        public ExampleClient client() {
            return app;
        }

        @Test
        @Scenario("realm-groups")
        void anApplicationRealmUsersGroupsDoNotReachATokenOfTheSameName() throws IOException {
            List<String> roles = Files.readAllLines(node.directory().resolve(WildFlyNode.ROLES_FILE));
            assertTrue(roles.contains(REALM_USER + "=admin"),
                    REALM_USER + " is an admin of ApplicationRealm: " + roles);
            String token = signedByTheExample(REALM_USER, List.of("user"));

            HttpResponse<String> caller = app.get("/container/caller", token);
            assertEquals(200, caller.statusCode(), caller.body());
            JsonNode body = json(caller);
            assertEquals(REALM_USER, body.get("principal").asText(), caller.body());
            assertTrue(body.get("user").asBoolean(), caller.body());
            assertFalse(body.get("admin").asBoolean(), "isUserInRole(admin): " + caller.body());
            assertEquals(403, app.get("/container/admin", token).statusCode(), "@ServletSecurity admin");
            assertEquals(403, app.get("/container/ejb", token).statusCode(), "@RolesAllowed admin EJB");
            HttpResponse<String> security = app.get("/container/security", token);
            assertEquals("{\"caller\":\"" + REALM_USER + "\",\"admin\":false,\"user\":true}", security.body());
        }
    }
}
