package dev.perimeter.it;

import dev.perimeter.it.containers.Deployment;
import dev.perimeter.it.containers.LibertyNode;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.ExampleWars;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The scenario set on one Open Liberty process holding the full-platform WAR twice, from copies
 * whose {@code web.xml} carries each deployment's own settings: {@code /filter-mode} (its own
 * data directory) and {@code /container-mode} (another, and
 * {@code perimeter.jwt.authentication=container}), whose roles {@code admin} and {@code user} are
 * bound in {@code server.xml} to the groups of the same name ({@link LibertyNode#serverXml}).
 */
class LibertyIT {

    private static RunningNode node;

    static String version() {
        return "open-liberty-" + Built.libertyVersion();
    }

    static Path nodeDirectory() {
        return Built.containers().resolve(version());
    }

    static Path dataDirectory(String mode) {
        return nodeDirectory().resolve("data-" + mode);
    }

    @BeforeAll
    static void startLiberty() {
        Path wars = nodeDirectory().resolveSibling(version() + "-wars");
        Path filterWar = ExampleWars.withContextParameters(Built.payaraWar(), wars.resolve("filter-mode.war"),
                Map.of("perimeter.example.data-dir", dataDirectory("filter").toString()));
        Path containerWar = ExampleWars.withContextParameters(Built.payaraWar(), wars.resolve("container-mode.war"),
                Map.of("perimeter.example.data-dir", dataDirectory("container").toString(),
                        "perimeter.jwt.authentication", "container"));
        node = LibertyNode.builder(Built.liberty(), Built.libertyVersion(), nodeDirectory())
                .application(filterWar, "/filter-mode")
                .application(containerWar, "/container-mode", Map.of("admin", "admin", "user", "user"))
                .start();
    }

    @AfterAll
    static void stopLiberty() {
        if (node != null) {
            node.close();
        }
    }

    /** The example in filter mode at {@code /filter-mode}. */
    @Nested
    class FilterMode extends ExampleScenarios {

        @Override
        public String containerName() {
            return version();
        }

        @Override
        RunningNode startNode() {
            return Deployment.of(node, "/filter-mode", containerName());
        }

        @Override
        Path dataDirectory() {
            return LibertyIT.dataDirectory("filter");
        }
    }

    /** The example in container mode at {@code /container-mode}: Liberty authenticates with the module. */
    @Nested
    class ContainerMode extends ExampleScenarios implements ContainerModeChecks, PlatformSecurityChecks {

        @Override
        public String containerName() {
            return version() + "-container-mode";
        }

        @Override
        RunningNode startNode() {
            return Deployment.of(node, "/container-mode", containerName());
        }

        @Override
        Path dataDirectory() {
            return LibertyIT.dataDirectory("container");
        }

        @Override
        public ExampleClient client() {
            return app;
        }
    }
}
