package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.beans.AdminService;
import dev.perimeter.jwt.cdi.beans.DeniedService;
import dev.perimeter.jwt.cdi.beans.ExtendedReports;
import dev.perimeter.jwt.cdi.beans.MixedService;
import dev.perimeter.jwt.cdi.beans.PlainSubclass;
import dev.perimeter.jwt.cdi.beans.UnprotectedService;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** JSR-250 semantics of the interceptor in Weld SE, one rule per test. */
@EnableWeld
class AnnotationSemanticsTest {

    @WeldSetup
    WeldInitiator weld = TestWeld.initiator(AdminService.class, MixedService.class,
            DeniedService.class, ExtendedReports.class, PlainSubclass.class,
            UnprotectedService.class).build();

    @Inject
    AdminService admin;
    @Inject
    MixedService mixed;
    @Inject
    DeniedService denied;
    @Inject
    ExtendedReports extended;
    @Inject
    PlainSubclass plain;
    @Inject
    UnprotectedService unprotected;

    private static final Jwt ALICE = Tokens.jwt("alice", "user");
    private static final Jwt ROOT = Tokens.jwt("root", "user", "admin");
    private static final Jwt AUDREY = Tokens.jwt("audrey", "auditor");

    @Test
    void aClassLevelRolesAllowedAdmitsTheRightRole() throws Exception {
        assertEquals("summary for root", as(ROOT, admin::summary));
    }

    @Test
    void aClassLevelRolesAllowedRefusesAWrongRoleWithTheAcceptedRoles() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> as(ALICE, admin::summary));
        assertEquals(Set.of("admin"), e.acceptedRoles());
        assertEquals(403, e.answer((String) null).status());
        assertEquals("Bearer error=\"insufficient_scope\", error_description=\"the token lacks the"
                + " role this resource requires\", scope=\"admin\"", e.answer((String) null).challenge());
    }

    @Test
    void aMissingTokenIsNotAuthenticatedRatherThanForbidden() {
        NotAuthenticatedException e = assertThrows(NotAuthenticatedException.class, admin::summary);
        assertEquals(401, e.answer("r").status());
        assertEquals("Bearer realm=\"r\"", e.answer("r").challenge());
    }

    @Test
    void aMethodRolesAllowedOverridesTheClassRolesAllowed() throws Exception {
        assertEquals("audit", as(AUDREY, admin::audit));
        assertEquals("audit", as(ROOT, admin::audit));
        assertThrows(AccessDeniedException.class, () -> as(ALICE, admin::audit));
    }

    @Test
    void permitAllOnAMethodOfARolesAllowedClassAdmitsEveryoneEvenWithoutAToken() throws Exception {
        assertEquals("up", admin.status());
        assertEquals("up", as(ALICE, admin::status));
    }

    @Test
    void denyAllOnAMethodRefusesEvenTheClassRole() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> as(ROOT, admin::purge));
        assertTrue(e.isDeniedToAll());
        assertEquals(403, e.answer((String) null).status());
        assertEquals(null, e.answer((String) null).challenge());
    }

    @Test
    void denyAllRefusesACallerWithoutATokenWith403Too() {
        assertThrows(AccessDeniedException.class, admin::purge);
    }

    @Test
    void denyAllOnTheClassIsOpenedByPermitAllOnAMethod() throws Exception {
        assertThrows(AccessDeniedException.class, () -> as(ROOT, denied::secret));
        assertEquals("brochure", denied.brochure());
    }

    @Test
    void anEmptyRolesAllowedAdmitsNobody() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> as(ROOT, denied::nobody));
        assertTrue(e.isDeniedToAll());
    }

    @Test
    void authenticatedAdmitsAnyValidTokenAndRefusesNone() throws Exception {
        assertEquals("alice", as(ALICE, admin::whoami));
        assertEquals("audrey", as(AUDREY, mixed::mine));
        assertThrows(NotAuthenticatedException.class, mixed::mine);
    }

    @Test
    void theDoubleStarRoleMeansAnyAuthenticatedCaller() throws Exception {
        assertEquals("any", as(AUDREY, mixed::anyAuthenticated));
        assertThrows(NotAuthenticatedException.class, mixed::anyAuthenticated);
    }

    @Test
    void withoutAClassAnnotationOnlyAnnotatedMethodsAreProtected() throws Exception {
        assertEquals("open", mixed.open());
        assertEquals("for alice", as(ALICE, mixed::forUsers));
        assertThrows(AccessDeniedException.class, () -> as(AUDREY, mixed::forUsers));
        assertThrows(NotAuthenticatedException.class, mixed::forUsers);
    }

    @Test
    void aMethodInheritedUnchangedKeepsTheSuperclassAnnotation() throws Exception {
        assertEquals("inherited", as(ROOT, extended::inherited));
        assertThrows(AccessDeniedException.class, () -> as(AUDREY, extended::inherited));
        assertEquals("inherited", as(ROOT, plain::inherited));
        assertThrows(AccessDeniedException.class, () -> as(ALICE, plain::inherited));
    }

    @Test
    void aSubclassAnnotationCoversTheMethodsTheSubclassDeclares() throws Exception {
        assertEquals("own", as(AUDREY, extended::own));
        assertEquals("extended", as(AUDREY, extended::overridden));
        assertThrows(AccessDeniedException.class, () -> as(ROOT, extended::own));
    }

    @Test
    void anOverridingMethodInAnUnannotatedSubclassDropsTheSuperclassAnnotation() throws Exception {
        assertEquals("plain", plain.overridden());
        assertEquals("own", plain.own());
    }

    @Test
    void aBeanWithoutAnnotationsIsNotIntercepted() {
        assertEquals("hello", unprotected.hello());
    }

    private static <T> T as(Jwt jwt, Callable<T> work) throws Exception {
        return RunAs.runAs(jwt, work);
    }
}
