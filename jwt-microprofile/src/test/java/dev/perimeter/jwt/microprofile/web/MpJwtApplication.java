package dev.perimeter.jwt.microprofile.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** The JAX-RS application of the tests, switching MicroProfile JWT on as an application does. */
@LoginConfig(authMethod = "MP-JWT")
@ApplicationPath("/api")
public class MpJwtApplication extends Application {
}
