package dev.perimeter.it.mpjwt;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** Switches MicroProfile JWT on for the application, as the specification says. */
@LoginConfig(authMethod = "MP-JWT")
@ApplicationPath("/api")
public class EchoApplication extends Application {
}
