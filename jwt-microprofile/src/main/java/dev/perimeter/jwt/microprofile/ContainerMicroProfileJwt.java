package dev.perimeter.jwt.microprofile;

import java.util.List;
import java.util.Optional;

/**
 * Whether the container brings its own MicroProfile JWT implementation (Payara, WildFly with
 * SmallRye JWT, Open Liberty, TomEE, Helidon), in which case this module stands down: two
 * implementations would produce the same {@code JsonWebToken} and claims. The test is whether
 * one of their CDI extension classes loads.
 */
public final class ContainerMicroProfileJwt {

    /** The CDI extension classes of the known implementations. */
    public static final List<String> IMPLEMENTATION_CLASSES = List.of(
            "fish.payara.microprofile.jwtauth.cdi.JwtAuthCdiExtension", // Payara 6
            "fish.payara.microprofile.jwtauth.cdi.CdiExtension", // Payara 5
            "io.smallrye.jwt.auth.cdi.SmallRyeJWTAuthCDIExtension", // WildFly, SmallRye JWT
            "com.ibm.ws.security.mp.jwt.cdi.JwtCDIExtension", // Open Liberty
            "org.apache.tomee.microprofile.jwt.cdi.MPJWTCDIExtension", // TomEE
            "io.helidon.microprofile.jwt.auth.JwtAuthCdiExtension"); // Helidon

    private ContainerMicroProfileJwt() {
    }

    /** Whether {@code loader} (null: the bootstrap loader) loads a known implementation. */
    public static boolean present(ClassLoader loader) {
        return implementation(loader).isPresent();
    }

    /** The first known implementation class {@code loader} loads, for a log line. */
    public static Optional<String> implementation(ClassLoader loader) {
        for (String name : IMPLEMENTATION_CLASSES) {
            if (loads(name, loader)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static boolean loads(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        } catch (LinkageError e) {
            // The class is there but cannot link (a javax-era Payara 5 class under Jakarta):
            // no working implementation.
            return false;
        }
    }
}
