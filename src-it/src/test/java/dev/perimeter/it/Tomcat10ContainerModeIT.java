package dev.perimeter.it;

import dev.perimeter.it.support.ExampleClient;
import java.util.Map;

/**
 * The scenario set of {@link Tomcat10ExampleIT} in container mode
 * ({@code -Dperimeter.jwt.authentication=container}): Tomcat authenticates with Perimeter's
 * module and authorizes by the example's constraints; plus {@link ContainerModeChecks}.
 */
class Tomcat10ContainerModeIT extends Tomcat10ExampleIT implements ContainerModeChecks {

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
}
