package dev.perimeter.tck;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.container.tomcat.managed.Tomcat10ManagedContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Arquillian's side of the TCK run: every TCK WAR gets Perimeter and the stack it runs on
 * ({@link PerimeterArchiveProcessor}), and the managed Tomcat adapter is replaced by one that
 * lays out its own Tomcat and deploys at the root context ({@link RootContextTomcatContainer}).
 */
public final class PerimeterTckExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(ApplicationArchiveProcessor.class, PerimeterArchiveProcessor.class);
        builder.override(DeployableContainer.class, Tomcat10ManagedContainer.class, RootContextTomcatContainer.class);
    }
}
