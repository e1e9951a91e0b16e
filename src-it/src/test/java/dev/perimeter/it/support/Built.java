package dev.perimeter.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the build put in {@code target/} for the integration tests (see the module's pom): the
 * containers, the WARs, the JDBC driver, and where logs and the summary go. Read from the system
 * properties that failsafe sets.
 */
public final class Built {

    private Built() {
    }

    /** The unpacked Tomcat 10.1 ({@code CATALINA_HOME}). */
    public static Path tomcat10() {
        return directory("srcit.tomcat10.home");
    }

    /** The unpacked Tomcat 11 ({@code CATALINA_HOME}). */
    public static Path tomcat11() {
        return directory("srcit.tomcat11.home");
    }

    /** The Payara Micro jar. */
    public static Path payaraJar() {
        return file("srcit.payara.jar");
    }

    /** Payara Micro's version, such as {@code 6.2025.10}. */
    public static String payaraVersion() {
        return property("srcit.payara.version");
    }

    /** The Payara Micro 7 jar. */
    public static Path payara7Jar() {
        return file("srcit.payara7.jar");
    }

    /** Payara Micro 7's version, such as {@code 7.2026.11}. */
    public static String payara7Version() {
        return property("srcit.payara7.version");
    }

    /** The unpacked GlassFish 8 ({@code glassfish8/}, which holds {@code glassfish/}). */
    public static Path glassfish8() {
        return directory("srcit.glassfish8.home");
    }

    /** GlassFish 8's version, such as {@code 8.0.0-JDK17-M12}. */
    public static String glassfish8Version() {
        return property("srcit.glassfish8.version");
    }

    /** The unpacked WildFly distribution ({@code JBOSS_HOME}), such as {@code …/wildfly-39.0.1.Final}. */
    public static Path wildfly() {
        return directory("srcit.wildfly.home");
    }

    /** The unpacked Open Liberty runtime (its {@code wlp} directory). */
    public static Path liberty() {
        return directory("srcit.liberty.home");
    }

    /** Open Liberty's version, such as {@code 26.0.0.3}. */
    public static String libertyVersion() {
        return property("srcit.liberty.version");
    }

    /** The unpacked Keycloak Quarkus distribution. */
    public static Path keycloak() {
        return directory("srcit.keycloak.home");
    }

    /** The example's WAR for Tomcat. */
    public static Path war() {
        return file("srcit.war");
    }

    /** The example's WAR for Payara. */
    public static Path payaraWar() {
        return file("srcit.payara.war");
    }

    /**
     * The directory of {@code jwt-authentication}, {@code jwt-filter} and their run-time
     * dependencies (java-jwt, Jackson), as an operator puts them into Tomcat's {@code lib/}.
     */
    public static Path perimeterJars() {
        return directory("srcit.perimeter.jars");
    }

    /** The PostgreSQL JDBC driver, for a container's own DataSource. */
    public static Path postgresDriver() {
        return file("srcit.postgresql.driver");
    }

    /** Where each node gets its directory: {@code target/containers}. */
    public static Path containers() {
        return Path.of(property("srcit.containers"));
    }

    /** The summary file, {@code target/src-it-summary.txt}. */
    public static Path summary() {
        return Path.of(property("srcit.summary"));
    }

    private static Path file(String property) {
        Path path = Path.of(property(property));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("nothing at " + path + " (" + property + "): run the"
                    + " integration tests through Maven (mvn verify), whose pre-integration-test"
                    + " phase puts it there");
        }
        return path;
    }

    private static Path directory(String property) {
        Path path = Path.of(property(property));
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("no directory " + path + " (" + property + "): run"
                    + " the integration tests through Maven (mvn verify)");
        }
        return path;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the"
                    + " integration tests through Maven (mvn verify), which sets it");
        }
        return value;
    }
}
