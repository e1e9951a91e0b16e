package dev.perimeter.it;

import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import java.nio.file.Path;

/**
 * The scenario set on Tomcat 11, deployed as on Tomcat 10.1: the same WAR as
 * {@code webapps/ROOT.war}, an absolute data directory in {@code CATALINA_OPTS}.
 */
class Tomcat11ExampleIT extends ExampleScenarios {

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat11());
    }

    @Override
    RunningNode startNode() {
        Path directory = Built.containers().resolve(containerName());
        return TomcatNode.builder(Built.tomcat11(), Built.war(), directory)
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                .start();
    }
}
