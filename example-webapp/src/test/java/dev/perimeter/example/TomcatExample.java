package dev.perimeter.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * The example WAR on an embedded Tomcat 10.1, as a standalone Tomcat deploys it: its
 * {@code web.xml}, its libraries' {@code ServletContainerInitializer}s, Tomcat's default servlet
 * and Jakarta Authentication. The container-mode runs of the example's tests use it in place of
 * the Jetty launcher, whose Jetty has no Jakarta Authentication.
 *
 * <p>{@link RunningExample} loads this class, and Tomcat, in a class loader of their own, as it
 * loads the launcher: it must use nothing of the tests but itself and its nested classes.
 */
public final class TomcatExample implements AutoCloseable {

    /** Numbers the engines of the Tomcats in this JVM. */
    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final Tomcat tomcat;
    private final Path baseDir;
    private final String host;

    private TomcatExample(Tomcat tomcat, Path baseDir, String host) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.host = host;
    }

    /** The same contract as the launcher's {@code ExampleServer.start}. */
    public static TomcatExample start(Path war, String host, int port,
            Map<String, String> contextParameters) throws Exception {
        Path baseDir = Files.createTempDirectory("perimeter-example-tomcat");
        Files.createDirectory(baseDir.resolve("webapps"));
        // Tomcat loads its own classes through the thread's class loader at times, and makes the
        // system class loader the application's parent unless told: either would give it
        // classes of the caller's Tomcat, not this one.
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(TomcatExample.class.getClassLoader());
        try {
            return start(baseDir, war, host, port, contextParameters);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static TomcatExample start(Path baseDir, Path war, String host, int port,
            Map<String, String> contextParameters) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getServer().setParentClassLoader(TomcatExample.class.getClassLoader());
        // Jakarta Authentication keys a registration by engine, host and context path, in one
        // factory for the JVM: two Tomcats named alike would take each other's.
        tomcat.getEngine().setName("Tomcat-" + ENGINES.incrementAndGet());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        // As the README's "Deploying on Tomcat" asks: Tomcat's own error pages (a request line
        // it refuses before any application) name neither Tomcat nor an exception.
        ErrorReportValve errorReport = new ErrorReportValve();
        errorReport.setShowReport(false);
        errorReport.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errorReport);
        // Tomcat's default web.xml would add the JSP servlet too, which the example does not use.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
        contextParameters.forEach(context::addParameter);
        TomcatExample server = new TomcatExample(tomcat, baseDir, host);
        StartFailures failures = new StartFailures();
        Logger tomcatLog = Logger.getLogger("org.apache.catalina");
        tomcatLog.addHandler(failures);
        try {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                // As the launcher's Jetty does: the application's own exception, not only a log line.
                IllegalStateException failure = new IllegalStateException("the example did not start on Tomcat",
                        failures.thrown.isEmpty() ? null : failures.thrown.get(0));
                failures.thrown.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        } catch (Exception e) {
            server.close();
            throw e;
        } finally {
            tomcatLog.removeHandler(failures);
        }
        return server;
    }

    /** What Tomcat logs as SEVERE with an exception while it starts the application. */
    private static final class StartFailures extends Handler {

        final List<Throwable> thrown = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue() && record.getThrown() != null) {
                thrown.add(record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** The application's root URL, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + address + ":" + tomcat.getConnector().getLocalPort() + "/");
    }

    /** Stops Tomcat and the application, and deletes Tomcat's working directory. */
    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        } finally {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
