package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.cdi.payara.BothKindsOfClaims;
import dev.perimeter.jwt.cdi.payara.LegacyEnterpriseBean;
import dev.perimeter.jwt.cdi.payara.MicroProfileJwtStandIn;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/**
 * What Payara 6 brings beside jwt-cdi, simulated in Weld SE: MicroProfile JWT's producers and an
 * Enterprise Bean. Neither clashes with Perimeter's injection nor is enforced twice.
 */
@EnableWeld
class PayaraCoexistenceTest {

    @WeldSetup
    WeldInitiator weld = TestWeld.initiator(MicroProfileJwtStandIn.class, BothKindsOfClaims.class,
            LegacyEnterpriseBean.class).activate(RequestScoped.class).build();

    @Inject
    BothKindsOfClaims both;

    @Inject
    LegacyEnterpriseBean enterpriseBean;

    @Test
    void perimeterAndMicroProfileClaimsResolveWithoutAmbiguityEachFromItsOwnProducer()
            throws Exception {
        assertEquals("erin mp:sub erin mp:sub erin erin",
                RunAs.runAs(Tokens.jwt("erin", "user"), both::describe));
    }

    @Test
    void anEnterpriseBeanIsLeftToItsContainersOwnEnforcement() {
        // Weld SE has no EJB container: the call passes, proving Perimeter did not bind its
        // interceptor. On Payara the EJB container checks @RolesAllowed itself, once.
        assertEquals("done", enterpriseBean.work());
    }
}
