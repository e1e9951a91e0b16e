package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** Mistakes that would weaken protection fail deployment with a message naming the place. */
class DeploymentChecksTest {

    @ApplicationScoped
    public static class StepUpDemandingNothing {
        @StepUp
        public String nothing() {
            return "?";
        }
    }

    @ApplicationScoped
    public static class StepUpWithAQuote {
        @StepUp(acr = "m\"fa")
        public String quoted() {
            return "?";
        }
    }

    @ApplicationScoped
    public static class TwoAnnotationsOnOneMethod {
        @RolesAllowed("admin")
        @PermitAll
        public void confused() {
        }
    }

    @ApplicationScoped
    @RolesAllowed("admin")
    @Authenticated
    public static class TwoAnnotationsOnOneClass {
        public void confused() {
        }
    }

    public interface AnnotatedContract {
        @RolesAllowed("admin")
        void guarded();
    }

    @ApplicationScoped
    public static class ImplementsAnAnnotatedInterface implements AnnotatedContract {
        @Override
        public void guarded() {
        }
    }

    @ApplicationScoped
    public static class KeepsTheFirstCallersToken {
        @Inject
        Jwt jwt;
    }

    @ApplicationScoped
    public static class KeepsTheFirstCallersClaim {
        @Inject
        @Claim("sub")
        Optional<String> subject;
    }

    @ApplicationScoped
    public static class LooksUpPerCall {
        @Inject
        @Claim("sub")
        Instance<String> subject;
        @Inject
        Instance<Jwt> jwt;
        @Inject
        CurrentJwt current;
    }

    @Test
    void twoAnnotationsOfTheFamilyOnOneMethodFailDeployment() {
        assertFails(TwoAnnotationsOnOneMethod.class, "TwoAnnotationsOnOneMethod.confused()");
    }

    @Test
    void aStepUpThatDemandsNothingOrCannotBeNamedInAChallengeFailsDeployment() {
        assertFails(StepUpDemandingNothing.class, "StepUpDemandingNothing.nothing(): @StepUp");
        assertFails(StepUpWithAQuote.class, "StepUpWithAQuote.quoted(): @StepUp");
    }

    @Test
    void twoAnnotationsOfTheFamilyOnOneClassFailDeployment() {
        assertFails(TwoAnnotationsOnOneClass.class, "TwoAnnotationsOnOneClass carries 2");
    }

    @Test
    void anAnnotationOnAnInterfaceFailsDeploymentRatherThanLeaveTheMethodOpen() {
        assertFails(ImplementsAnAnnotatedInterface.class, "AnnotatedContract, implemented by");
    }

    @Test
    void theTokenInjectedIntoAnApplicationScopedBeanFailsDeployment() {
        assertFails(KeepsTheFirstCallersToken.class, "KeepsTheFirstCallersToken.jwt");
    }

    @Test
    void aClaimInjectedIntoAnApplicationScopedBeanFailsDeployment() {
        assertFails(KeepsTheFirstCallersClaim.class, "KeepsTheFirstCallersClaim.subject");
    }

    @Test
    void instanceAndCurrentJwtAreFineInAnApplicationScopedBean() {
        WeldContainer container = TestWeld.weld(LooksUpPerCall.class).initialize();
        container.shutdown();
    }

    private static void assertFails(Class<?> bean, String named) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            WeldContainer container = TestWeld.weld(bean).initialize();
            container.shutdown();
        });
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertTrue(e.getMessage().contains("Perimeter"), e.getMessage());
    }
}
