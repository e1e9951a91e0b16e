package dev.perimeter.example.api;

import dev.perimeter.jwt.cdi.JwtFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Map;
import java.util.Set;

/**
 * The JAX-RS application under {@code /api}, behind the servlet filter: the filter verifies every
 * token, and {@link JwtFeature#behindServletFilter} adopts it, so that {@code @RolesAllowed} on
 * the resources refines by role and a refusal is answered exactly like the filter's. Found by the
 * container's JAX-RS (Jersey in the Tomcat WAR and on embedded Jetty; Payara's own).
 */
@ApplicationPath("/api")
public class ExampleApi extends Application {

    /** The filter's {@code realm}, as set in {@code web.xml}. */
    public static final String REALM = "perimeter-example";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(MeResource.class, AdminResource.class, PaymentsResource.class,
                PerimeterBehindFilter.class);
    }

    /**
     * Jersey's WADL and its DataSource provider need APIs that the WAR leaves out. Providers
     * named in {@code META-INF/services} are not looked up: GlassFish 8's MicroProfile JWT
     * (OmniFaces JWT) registers a {@code @RolesAllowed} feature that way for every application,
     * which asks Jakarta Security for the caller and answers 401 to a valid token; jwt-cdi
     * enforces the annotation instead, as on Payara ({@code payara-web.xml}). The WAR's own
     * libraries name no JAX-RS provider there.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true,
                "jersey.config.disableDefaultProvider", "DATASOURCE",
                "jersey.config.server.disableMetainfServicesLookup", true);
    }

    /**
     * {@link JwtFeature#behindServletFilter} with this application's realm, as a class that
     * JAX-RS can instantiate ({@code getSingletons()} is deprecated).
     */
    public static final class PerimeterBehindFilter implements Feature {
        @Override
        public boolean configure(FeatureContext context) {
            return JwtFeature.behindServletFilter(REALM).configure(context);
        }
    }
}
