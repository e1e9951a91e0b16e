package dev.perimeter.jwt.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.LogRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ConversationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.util.Optional;
import java.util.logging.Level;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.ClaimValue;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;

/**
 * The deployment checks of MicroProfile JWT 2.1 section 7.1.2, in Weld SE: a {@code @Claim} whose
 * {@code value} and {@code standard} disagree, one naming no claim, a type no claim can be, and a
 * value fixed at injection in an application- or session-scoped bean all fail deployment,
 * naming the place; what the specification allows deploys.
 */
class ClaimInjectionDeploymentTest {

    @RequestScoped
    public static class ValueAndStandardDisagree {
        @Inject
        @Claim(value = "exp", standard = Claims.iat)
        Long timeClaim;
    }

    @RequestScoped
    public static class ValueAndStandardAgree {
        @Inject
        @Claim(value = "iat", standard = Claims.iat)
        Long issuedAt;
        @Inject
        @Claim(value = "exp", standard = Claims.iat)
        Provider<Long> disagreeingProvider;
    }

    @RequestScoped
    public static class NamesNoClaim {
        @Inject
        @Claim
        String nothing;
    }

    @RequestScoped
    public static class NoSuchType {
        @Inject
        @Claim("count")
        Integer count;
    }

    @ApplicationScoped
    public static class NoSuchTypeLookedUp {
        @Inject
        @Claim("count")
        Provider<Integer> count;
    }

    @ApplicationScoped
    public static class RawTypeInApplicationScope {
        @Inject
        @Claim("sub")
        String subject;
    }

    @ApplicationScoped
    public static class OptionalInApplicationScope {
        @Inject
        @Claim("sub")
        Optional<String> subject;
    }

    @ApplicationScoped
    public static class JsonInApplicationScope {
        @Inject
        @Claim("customObject")
        JsonObject object;
    }

    @SessionScoped
    public static class RawTypeInSessionScope implements Serializable {
        private static final long serialVersionUID = 1L;
        @Inject
        @Claim("iat")
        Long issuedAt;
    }

    @ConversationScoped
    public static class RawTypeInConversationScope implements Serializable {
        private static final long serialVersionUID = 1L;
        @Inject
        @Claim("iat")
        Long issuedAt;
    }

    @ApplicationScoped
    public static class FollowsTheRequest {
        @Inject
        JsonWebToken token;
        @Inject
        @Claim("sub")
        ClaimValue<String> subject;
        @Inject
        @Claim(standard = Claims.iat)
        ClaimValue<Optional<Long>> issuedAt;
        @Inject
        @Claim("raw_token")
        Provider<String> rawToken;
        @Inject
        @Claim("custom")
        Instance<JsonValue> custom;

        /** Through methods: a client proxy's own fields are empty. */
        Object[] values() {
            return new Object[] {token.getName(), token.getClaimNames(), subject.getValue(),
                subject.getName(), issuedAt.getValue(), rawToken.get(), custom.get()};
        }
    }

    @SessionScoped
    public static class SessionFollowsTheRequest implements Serializable {
        private static final long serialVersionUID = 1L;
        @Inject
        @Claim("sub")
        ClaimValue<String> subject;
    }

    @Test
    void valueAndStandardNamingDifferentClaimsFailsDeployment() {
        String message = deploymentFailure(ValueAndStandardDisagree.class);
        assertTrue(message.contains("@Claim(value=\"exp\", standard=Claims.iat) names two different"
                + " claims at " + ValueAndStandardDisagree.class.getName() + ".timeClaim"), message);
    }

    @Test
    void disagreeingValueAndStandardFailDeploymentThroughAProviderToo() {
        String message = deploymentFailure(ValueAndStandardAgree.class);
        assertTrue(message.contains("names two different claims at "
                + ValueAndStandardAgree.class.getName() + ".disagreeingProvider"), message);
        assertTrue(!message.contains(".issuedAt"), message);
    }

    @Test
    void aClaimQualifierNamingNoClaimFailsDeployment() {
        String message = deploymentFailure(NamesNoClaim.class);
        assertTrue(message.contains("@Claim names no claim: give value or standard at "
                + NamesNoClaim.class.getName() + ".nothing"), message);
    }

    @Test
    void aTypeNoClaimCanBeFailsDeployment() {
        // Weld finds no producer before the extension reports: its own message names the place.
        String message = deploymentFailure(NoSuchType.class);
        assertTrue(message.contains("Unsatisfied dependencies for type Integer with qualifiers"
                + " @Claim"), message);
        assertTrue(message.contains(NoSuchType.class.getName() + ".count"), message);
    }

    @Test
    void aTypeNoClaimCanBeFailsDeploymentThroughAProviderNamingTheTypesThatCan() {
        String message = deploymentFailure(NoSuchTypeLookedUp.class);
        assertTrue(message.contains("a claim cannot be injected as jakarta.inject.Provider"
                + "<java.lang.Integer> at " + NoSuchTypeLookedUp.class.getName()
                + ".count; use String, Long"), message);
    }

    @Test
    void valuesFixedAtInjectionFailDeploymentInApplicationAndSessionScopedBeans() {
        for (Class<?> bean : new Class<?>[] {RawTypeInApplicationScope.class,
                OptionalInApplicationScope.class, JsonInApplicationScope.class,
                RawTypeInSessionScope.class}) {
            String message = deploymentFailure(bean);
            assertTrue(message.contains("would keep the first request's value"), message);
            assertTrue(message.contains(bean.getName() + "."), message);
        }
    }

    @Test
    void aValueFixedAtInjectionInAnotherNormalScopeDeploysWithAWarning() {
        try (LogRecorder log = LogRecorder.of(MicroProfileJwtExtension.class)) {
            weld(RawTypeInConversationScope.class).initialize().shutdown();
            assertEquals(1, log.messages(Level.WARNING).stream().filter(m -> m.contains(
                    RawTypeInConversationScope.class.getName()
                            + ".issuedAt is fixed for the life of a @ConversationScoped bean"))
                    .count(), log.messages().toString());
        }
    }

    @Test
    void claimValuesProvidersAndTheTokenDeployInLongLivedBeansAndAreEmptyWithoutAServletRequest() {
        WeldContainer container = weld(FollowsTheRequest.class, SessionFollowsTheRequest.class)
                .initialize();
        try {
            RequestContextController request = container.select(RequestContextController.class).get();
            request.activate();
            try {
                Object[] values = container.select(FollowsTheRequest.class).get().values();
                assertNull(values[0]);
                assertNull(values[1]);
                assertNull(values[2]);
                assertEquals("sub", values[3]);
                assertEquals(Optional.empty(), values[4]);
                assertNull(values[5]);
                assertEquals(JsonValue.NULL, values[6]);
            } finally {
                request.deactivate();
            }
        } finally {
            container.shutdown();
        }
    }

    private static String deploymentFailure(Class<?>... beans) {
        Weld weld = weld(beans);
        DeploymentException failure = assertThrows(DeploymentException.class,
                () -> weld.initialize().shutdown());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** Weld SE with discovery off: these beans and the module's extension, as discovery adds it. */
    private static Weld weld(Class<?>... beans) {
        return WeldInitiator.createWeld().addExtension(new MicroProfileJwtExtension())
                .addBeanClasses(beans);
    }
}
