package dev.perimeter.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.tomcat.managed.Tomcat10ManagedContainer;
import org.jboss.arquillian.container.tomcat.managed.TomcatManagedConfiguration;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Arquillian's managed Tomcat 10 adapter, with two changes.
 * <ul>
 * <li>Setup lays out a fresh {@link TomcatBase} (loopback, free ports, a manager user of this
 *     run) and points the adapter at it; JMX, which the adapter reads servlet names through,
 *     listens on 127.0.0.1 only.</li>
 * <li>Every TCK WAR is deployed at the root context, as {@code ROOT.war}. The TCK's
 *     {@code PublicKeyAsJWKLocationURLTest} and {@code PublicKeyAsPEMLocationURLTest} configure
 *     {@code mp.jwt.verify.publickey.location} as {@code mp.jwt.tck.jwks.baseURL} (the server's
 *     root) + {@code jwks/…} or {@code pem/…}, served by the deployment itself: only a
 *     deployment at the root serves that URL. SmallRye's TCK run deploys every WAR at the root
 *     too. The TCK deploys one class's WAR at a time, so they never meet there.</li>
 * </ul>
 */
public class RootContextTomcatContainer extends Tomcat10ManagedContainer {

    private static final String ROOT_WAR = "ROOT.war";

    @Override
    public void setup(TomcatManagedConfiguration configuration) {
        // The adapter writes each deployment to a WAR under java.io.tmpdir (target/tmp here).
        createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        TomcatBase base = TomcatBase.layOut(Path.of(configuration.getCatalinaHome()),
                Path.of(TckSettings.required("tck.tomcat.base")));
        configuration.setCatalinaBase(base.directory().toString());
        configuration.setBindAddress(TomcatBase.LOOPBACK);
        configuration.setBindHttpPort(base.httpPort());
        configuration.setJmxPort(base.jmxPort());
        configuration.setUser(base.user());
        configuration.setPass(base.password());
        configuration.setJavaVmArguments(String.join(" ", configuration.getJavaVmArguments(),
                "-Dcom.sun.management.jmxremote.host=" + TomcatBase.LOOPBACK,
                "-Dcom.sun.management.jmxremote.rmi.port=" + base.jmxPort(),
                "-Djava.rmi.server.hostname=" + TomcatBase.LOOPBACK));
        // Again, now that ports and base are set: it derives the manager and JMX addresses.
        configuration.validate();
        System.setProperty("mp.jwt.tck.jwks.baseURL", base.rootUrl());
        super.setup(configuration);
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        return super.deploy(ShrinkWrap.create(WebArchive.class, ROOT_WAR).merge(archive));
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        super.undeploy(ShrinkWrap.create(WebArchive.class, ROOT_WAR));
    }
}
