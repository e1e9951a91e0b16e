package dev.perimeter.it;

import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import java.nio.file.Path;

/**
 * The scenario set on Tomcat 10.1, deployed as the README says: {@code perimeter-example.war} as
 * {@code webapps/ROOT.war} and an absolute data directory in {@code CATALINA_OPTS}; keys
 * generated there, revocations in its H2 database.
 */
class Tomcat10ExampleIT extends ExampleScenarios {

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat10());
    }

    @Override
    RunningNode startNode() {
        Path directory = Built.containers().resolve(containerName());
        TomcatNode.Builder builder = TomcatNode.builder(Built.tomcat10(), Built.war(), directory)
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString());
        modeProperties().forEach(builder::systemProperty);
        return builder.start();
    }
}
