package dev.perimeter.bench.mp.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * MicroProfileLoad's application, the same classes in both WARs: MP-JWT authentication, its
 * resources found by the JAX-RS runtime (no {@code getClasses()}). Never loaded by the bench JVM.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({HelloResource.ROLE, "admin"})
public class MpApplication extends Application {
}
