package dev.perimeter.it;

import dev.perimeter.it.containers.Deployment;
import dev.perimeter.it.containers.PayaraNode;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TemurinJdk;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ExampleClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/**
 * The scenario set on Payara Micro 7 (Jakarta EE 11) in both modes, in one Payara Micro process
 * on the Temurin 25 JDK (Payara Micro 7 needs Java 21): {@code perimeter-example-payara.war}
 * deployed twice ({@link BothModes}), at {@code /filter-mode} and at {@code /container-mode}
 * (the switch a context-param), each with its own data directory and the default H2 revocation
 * store in it (PayaraExampleIT's PostgreSQL JDBC resource is Payara 6's alone). Nothing else is
 * set: Payara's default principal-to-role mapping is on as shipped.
 */
class Payara7IT {

    private static final SharedNode NODE = new SharedNode(Payara7IT::start);

    static String nodeName() {
        return "payara-micro-" + Built.payara7Version();
    }

    private static RunningNode start() {
        String name = nodeName();
        return PayaraNode.builder(Built.payara7Jar(), Built.payara7Version(), Built.containers().resolve(name))
                .javaHome(TemurinJdk.home())
                .deployment(BothModes.war(Built.payaraWar(), name, BothModes.FILTER_MODE))
                .deployment(BothModes.war(Built.payaraWar(), name, BothModes.CONTAINER_MODE))
                .start();
    }

    @AfterAll
    static void stopNode() {
        NODE.close();
    }

    /** The filter-mode deployment, {@code /filter-mode}. */
    @Nested
    class FilterMode extends ExampleScenarios {

        /** Jakarta EE 11: Servlet 6.1. */
        @Override
        boolean servlet61() {
            return true;
        }

        @Override
        public String containerName() {
            return nodeName();
        }

        @Override
        RunningNode startNode() {
            return Deployment.of(NODE.get(), BothModes.contextPath(BothModes.FILTER_MODE), containerName());
        }

        @Override
        Path dataDirectory() {
            return BothModes.dataDirectory(nodeName(), BothModes.FILTER_MODE);
        }
    }

    /** The container-mode deployment, {@code /container-mode}, with the EJB and Jakarta Security. */
    @Nested
    class ContainerMode extends ExampleScenarios implements PlatformSecurityChecks {

        /** Jakarta EE 11: Servlet 6.1. */
        @Override
        boolean servlet61() {
            return true;
        }

        @Override
        public String containerName() {
            return nodeName() + "-container-mode";
        }

        @Override
        RunningNode startNode() {
            return Deployment.of(NODE.get(), BothModes.contextPath(BothModes.CONTAINER_MODE), containerName());
        }

        @Override
        Path dataDirectory() {
            return BothModes.dataDirectory(nodeName(), BothModes.CONTAINER_MODE);
        }

        @Override
        public ExampleClient client() {
            return app;
        }
    }
}
