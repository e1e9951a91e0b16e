package dev.perimeter.jwt.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.cdi.beans.ClaimsBean;
import dev.perimeter.jwt.cdi.beans.LateLookup;
import dev.perimeter.jwt.cdi.beans.StrictClaimsBean;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** Injection of the current token and its claims, with and without a token. */
@EnableWeld
class TokenInjectionTest {

    @WeldSetup
    WeldInitiator weld = TestWeld.initiator(ClaimsBean.class, StrictClaimsBean.class,
            LateLookup.class).activate(RequestScoped.class).build();

    @Inject
    ClaimsBean claims;

    @Inject
    StrictClaimsBean strict;

    @Inject
    LateLookup late;

    private static final long NOW = Instant.now().getEpochSecond();
    private static final Jwt RICH = Tokens.verify(Tokens.tokenWithClaims("{\"iss\":\""
            + TestTokens.ISSUER + "\",\"sub\":\"dana\",\"aud\":\"" + TestTokens.AUDIENCE
            + "\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 300) + ",\"email_verified\":true,"
            + "\"groups\":[\"user\",\"auditor\"],\"realm_access\":{\"roles\":[\"viewer\"]},"
            + "\"https://example.com/tenant\":\"acme\"}"));

    @Test
    void theClaimsOfTheCurrentTokenAreInjectedByType() throws Exception {
        RunAs.runAs(RICH, () -> {
            assertSame(RICH, claims.jwt().orElseThrow());
            assertTrue(claims.current().isAuthenticated());
            assertEquals(Optional.of("dana"), claims.subject());
            assertEquals(Optional.of(NOW), claims.issuedAt());
            assertEquals(Optional.of(true), claims.emailVerified());
            assertEquals(Set.of("user", "auditor"), claims.groups());
            assertEquals(Set.of("viewer"), claims.realmRoles());
            assertEquals(Optional.of("acme"), claims.tenant());
            assertEquals(Optional.empty(), claims.absent());
            return null;
        });
    }

    @Test
    void withoutATokenInjectionGivesAnUnauthenticatedStateAndNoNulls() {
        assertFalse(claims.current().isAuthenticated());
        assertEquals(Optional.empty(), claims.current().token());
        assertEquals(Set.of(), claims.current().roles());
        assertFalse(claims.current().hasRole("user"));
        assertEquals(Optional.empty(), claims.jwt());
        assertEquals(Optional.empty(), claims.subject());
        assertEquals(Optional.empty(), claims.issuedAt());
        assertEquals(Set.of(), claims.groups());
    }

    @Test
    void plainTypesNeedATokenAndSayNotAuthenticatedWithoutOne() {
        NotAuthenticatedException e = assertThrows(NotAuthenticatedException.class,
                strict::subject);
        assertNull(e.rejection());
        assertEquals(401, e.answer((String) null).status());
    }

    @Test
    void plainTypesCarryTheClaimAndNullOnlyForAnAbsentClaim() throws Exception {
        RunAs.runAs(RICH, () -> {
            assertEquals("dana", strict.subject());
            assertSame(RICH, strict.jwt());
            assertEquals(NOW, strict.issuedAt());
            assertEquals(Boolean.TRUE, strict.emailVerified());
            assertNull(strict.absent());
            return null;
        });
    }

    @Test
    void instanceLooksTheClaimUpAtEachCallEvenInAnApplicationScopedBean() throws Exception {
        assertEquals("ann", RunAs.runAs(Tokens.jwt("ann"), late::subject));
        assertEquals("bob", RunAs.runAs(Tokens.jwt("bob"), late::subject));
        assertEquals("bob", RunAs.runAs(Tokens.jwt("bob"), () -> late.jwt().subject()));
        assertThrows(NotAuthenticatedException.class, late::subject);
        assertThrows(NotAuthenticatedException.class, late::jwt);
    }

    @Test
    void aClaimOfAnotherTypeThanAskedIsAnInvalidToken() {
        NotAuthenticatedException e = assertThrows(NotAuthenticatedException.class,
                () -> RunAs.runAs(Tokens.jwt("ann"), late::subjectAsNumber));
        assertEquals(Rejection.INVALID_CLAIM, e.rejection());
        assertTrue(e.answer((String) null).challenge().contains("error=\"invalid_token\""));
    }
}
