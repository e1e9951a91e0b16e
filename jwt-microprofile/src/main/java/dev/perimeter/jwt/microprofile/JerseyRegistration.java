package dev.perimeter.jwt.microprofile;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Registers {@link RolesAllowedFeature} and {@link ClaimTypeExceptionMapper} in every Jersey
 * application, also one whose {@code Application.getClasses()} names its classes (then Jersey
 * scans for no {@code @Provider}): without it, {@code @RolesAllowed} on its resources would go
 * unenforced. Both stay idle where MicroProfile JWT is not switched on. Found by Jersey through
 * {@code META-INF/services}; other JAX-RS implementations register the {@code @Provider}s by
 * scanning, or the application lists them.
 */
@Priority(ForcedAutoDiscoverable.DEFAULT_PRIORITY)
public final class JerseyRegistration implements ForcedAutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
        for (Class<?> provider : new Class<?>[] {RolesAllowedFeature.class, ClaimTypeExceptionMapper.class}) {
            if (!context.getConfiguration().isRegistered(provider)) {
                context.register(provider);
            }
        }
    }
}
