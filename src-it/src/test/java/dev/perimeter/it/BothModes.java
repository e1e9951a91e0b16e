package dev.perimeter.it;

import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ExampleWars;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The example twice in one container, once per mode: two copies of a WAR, each with its own
 * context-params ({@link ExampleWars#withContextParameters}), named for the context path each
 * gets ({@code filter-mode.war} at {@code /filter-mode}, {@code container-mode.war} at
 * {@code /container-mode}) and each with a data directory of its own in the node's directory
 * (H2 locks its file, and each deployment generates its own signing key there).
 */
final class BothModes {

    /** The context path and WAR name of the filter-mode deployment. */
    static final String FILTER_MODE = "filter-mode";

    /** The context path and WAR name of the container-mode deployment. */
    static final String CONTAINER_MODE = "container-mode";

    private BothModes() {
    }

    /**
     * The copy of {@code war} for {@code mode}, in {@code target/containers/<node>-wars/}
     * (outside the node's directory, which the node empties when it starts), with the
     * deployment's data directory and, for {@link #CONTAINER_MODE}, the switch.
     */
    static Path war(Path war, String node, String mode) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("perimeter.example.data-dir", dataDirectory(node, mode).toString());
        if (CONTAINER_MODE.equals(mode)) {
            parameters.putAll(ContainerModeChecks.CONTAINER_MODE);
        }
        Path copy = Built.containers().resolve(node + "-wars").resolve(mode + ".war");
        return ExampleWars.withContextParameters(war, copy, parameters);
    }

    /** The data directory of {@code mode}'s deployment: {@code data-<mode>} in the node's directory. */
    static Path dataDirectory(String node, String mode) {
        return Built.containers().resolve(node).resolve("data-" + mode).toAbsolutePath();
    }

    /** The context path of {@code mode}'s deployment, such as {@code /filter-mode}. */
    static String contextPath(String mode) {
        return "/" + mode;
    }
}
