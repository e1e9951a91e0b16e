package dev.perimeter.it.app;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code WEB-INF/lib} of {@link MicroProfileJwtWar}, taken from this module's test class
 * path (Maven resolved it; the reactor built jwt-microprofile and jwt-filter): each jar named by
 * one class it holds.
 */
public final class MicroProfileJwtJars {

    /** jwt-microprofile and what it needs at run time: all a MicroProfile server lacks. */
    static final List<String> PERIMETER = List.of(
            "dev.perimeter.jwt.microprofile.MicroProfileJwtInitializer", // jwt-microprofile
            "dev.perimeter.jwt.runtime.Perimeter", // jwt-filter
            "com.auth0.jwt.JWT", // java-jwt
            "com.fasterxml.jackson.core.JsonFactory", // jackson-core
            "com.fasterxml.jackson.databind.ObjectMapper", // jackson-databind, java-jwt's at run time
            "com.fasterxml.jackson.annotation.JsonProperty", // jackson-annotations, databind's
            "com.nimbusds.jose.JWEObject"); // nimbus-jose-jwt

    /**
     * What Payara provides and Tomcat lacks, as the README's "MicroProfile JWT on Tomcat" lists
     * it, with what those jars need: the MP-JWT API, Weld, Jersey with HK2 and its CDI
     * integration, JAX-RS, JSON-P. Not CDI's, the inject or the annotation API: Weld's shaded
     * jar holds them, Tomcat has the last.
     */
    static final List<String> TOMCAT_ONLY = List.of(
            "org.eclipse.microprofile.jwt.JsonWebToken", // microprofile-jwt-auth-api
            "org.jboss.weld.environment.servlet.EnhancedListener", // weld-servlet-shaded
            "org.glassfish.jersey.servlet.init.JerseyServletContainerInitializer", // jersey-container-servlet
            "org.glassfish.jersey.servlet.ServletContainer", // jersey-container-servlet-core
            "org.glassfish.jersey.server.ResourceConfig", // jersey-server
            "org.glassfish.jersey.client.JerseyClient", // jersey-client
            "org.glassfish.jersey.internal.Version", // jersey-common
            "org.glassfish.hk2.osgiresourcelocator.ServiceLoader", // osgi-resource-locator
            "jakarta.validation.Validation", // jakarta.validation-api
            "org.glassfish.jersey.inject.hk2.Hk2InjectionManagerFactory", // jersey-hk2
            "org.jvnet.hk2.internal.ServiceLocatorImpl", // hk2-locator
            "org.glassfish.hk2.api.ServiceLocator", // hk2-api
            "org.glassfish.hk2.utilities.reflection.ReflectionHelper", // hk2-utils
            "org.aopalliance.intercept.MethodInterceptor", // aopalliance-repackaged
            "javassist.ClassPool", // javassist
            "org.glassfish.jersey.ext.cdi1x.internal.CdiComponentProvider", // jersey-cdi1x
            "org.glassfish.jersey.ext.cdi1x.servlet.internal.CdiExternalRequestScope", // jersey-cdi1x-servlet
            "jakarta.ws.rs.core.Application", // jakarta.ws.rs-api
            "org.eclipse.parsson.JsonProviderImpl", // parsson
            "jakarta.json.Json"); // jakarta.json-api

    private MicroProfileJwtJars() {
    }

    /** WAR (a), for Payara: Perimeter's jars only. */
    public static List<Path> forPayara() {
        return locations(PERIMETER);
    }

    /** WAR (b), for Tomcat: Perimeter's jars and what Payara used to provide. */
    public static List<Path> forTomcat() {
        List<String> classes = new ArrayList<>(PERIMETER);
        classes.addAll(TOMCAT_ONLY);
        return locations(classes);
    }

    private static List<Path> locations(List<String> classNames) {
        List<Path> jars = new ArrayList<>();
        for (String name : classNames) {
            Path jar = location(name);
            if (jars.contains(jar)) {
                throw new IllegalStateException(name + " is in " + jar + ", named by another class already");
            }
            jars.add(jar);
        }
        return jars;
    }

    private static Path location(String className) {
        try {
            Class<?> type = Class.forName(className, false, MicroProfileJwtJars.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on src-it's test class path (see its pom)", e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no jar location for " + className, e);
        }
    }
}
