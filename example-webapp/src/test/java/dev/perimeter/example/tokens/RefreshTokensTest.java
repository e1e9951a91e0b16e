package dev.perimeter.example.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.TestClock;
import dev.perimeter.example.db.Database;
import dev.perimeter.example.db.Schema;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation, reuse detection, expiry and storage of refresh tokens, with a clock that is moved. */
class RefreshTokensTest {

    private static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path data;
    private Database database;
    private final TestClock clock = TestClock.startingNow();
    private RefreshTokens tokens;
    private final List<AccessToken> minted = new ArrayList<>();

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:file:" + data.resolve("db"));
        Schema.create(database);
        tokens = new RefreshTokens(database, clock, TTL);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AccessToken access(String subject) {
        AccessToken token = new AccessToken("jws", UUID.randomUUID().toString(), subject,
                clock.instant().plusSeconds(300));
        minted.add(token);
        return token;
    }

    private RefreshTokens.Rotation rotate(String token) {
        return tokens.rotate(token, "192.0.2.2", subject -> Optional.of(access(subject)));
    }

    @Test
    void tokensAreRandom256BitValuesStoredOnlyAsHashes() throws Exception {
        RefreshTokens.Issued issued = tokens.start(access("alice"), "192.0.2.1");
        assertEquals(32, java.util.Base64.getUrlDecoder().decode(issued.token()).length);
        assertNotEquals(issued.token(), tokens.start(access("alice"), "192.0.2.1").token());
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT token_hash FROM example_refresh_token")) {
                while (rows.next()) {
                    assertNotEquals(issued.token(), rows.getString(1));
                }
            }
            return null;
        });
        assertEquals(RefreshTokens.hash(issued.token()).length(), 43);
    }

    @Test
    void eachRefreshSpendsTheTokenAndTheFamilyKeepsTheLoginsExpiry() {
        RefreshTokens.Issued first = tokens.start(access("alice"), "192.0.2.1");
        clock.advance(Duration.ofMinutes(10));
        RefreshTokens.Rotated second = (RefreshTokens.Rotated) rotate(first.token());
        assertEquals(first.expiresAt(), second.next().expiresAt());
        assertEquals("alice", second.access().subject());
        RefreshTokens.Rotated third = (RefreshTokens.Rotated) rotate(second.next().token());
        assertNotEquals(second.next().token(), third.next().token());
    }

    @Test
    void aSpentTokenPresentedAgainRevokesTheFamilyAndReturnsItsLiveAccessTokens() {
        RefreshTokens.Issued first = tokens.start(access("alice"), "192.0.2.1");
        RefreshTokens.Rotated second = (RefreshTokens.Rotated) rotate(first.token());
        RefreshTokens.Issued other = tokens.start(access("alice"), "192.0.2.1");

        RefreshTokens.Refused reuse = (RefreshTokens.Refused) rotate(first.token());
        assertEquals(RefreshTokens.Refusal.REUSED, reuse.reason());
        assertEquals(List.of(minted.get(0).jti(), minted.get(1).jti()),
                reuse.revokedAccess().stream().map(IssuedAccess::jti).sorted(
                        (a, b) -> minted.stream().map(AccessToken::jti).toList().indexOf(a)
                                - minted.stream().map(AccessToken::jti).toList().indexOf(b)).toList());
        assertEquals(RefreshTokens.Refusal.REVOKED,
                ((RefreshTokens.Refused) rotate(second.next().token())).reason());
        assertTrue(rotate(other.token()) instanceof RefreshTokens.Rotated, "other families stay");
    }

    @Test
    void aBoundFamilyRotatesOnlyForItsKeyAndBindsEachNextAccessTokenToIt() {
        RefreshTokens.Issued first = tokens.start(bound("alice", "jkt-a"), "192.0.2.1");
        assertEquals(Optional.of("jkt-a"), tokens.boundKey(first.token()));
        assertEquals(Optional.empty(), tokens.boundKey(tokens.start(access("alice"), null).token()));
        assertEquals(Optional.empty(), tokens.boundKey("unknown"));

        List<String> mintedFor = new ArrayList<>();
        RefreshTokens.Mint mint = (subject, jkt) -> {
            mintedFor.add(jkt);
            return Optional.of(bound(subject, jkt));
        };
        for (String proven : new String[] {null, "jkt-b"}) {
            RefreshTokens.Refused refused = (RefreshTokens.Refused) tokens.rotate(first.token(),
                    "192.0.2.2", proven, mint);
            assertEquals(RefreshTokens.Refusal.KEY_NOT_PROVEN, refused.reason(), "proven " + proven);
            assertTrue(refused.revokedAccess().isEmpty());
        }
        assertTrue(mintedFor.isEmpty(), "no access token minted without the key");

        RefreshTokens.Rotated second = (RefreshTokens.Rotated) tokens.rotate(first.token(),
                "192.0.2.2", "jkt-a", mint);
        assertEquals(List.of("jkt-a"), mintedFor);
        assertEquals("jkt-a", second.access().jkt());
        assertEquals(Optional.of("jkt-a"), tokens.boundKey(second.next().token()), "the next one too");

        // The spent token without the key: refused for the key, and the family stays live.
        assertEquals(RefreshTokens.Refusal.KEY_NOT_PROVEN, ((RefreshTokens.Refused) tokens.rotate(
                first.token(), "192.0.2.2", "jkt-b", mint)).reason());
        assertTrue(tokens.rotate(second.next().token(), "192.0.2.2", "jkt-a", mint)
                instanceof RefreshTokens.Rotated);
        // With the key, the spent one is a reuse as ever.
        assertEquals(RefreshTokens.Refusal.REUSED, ((RefreshTokens.Refused) tokens.rotate(
                first.token(), "192.0.2.2", "jkt-a", mint)).reason());
    }

    @Test
    void anUnboundFamilyIgnoresAProvenKeyAndStaysUnbound() {
        RefreshTokens.Issued first = tokens.start(access("alice"), "192.0.2.1");
        RefreshTokens.Rotated next = (RefreshTokens.Rotated) tokens.rotate(first.token(),
                "192.0.2.2", "jkt-a", (subject, jkt) -> Optional.of(bound(subject, jkt)));
        assertEquals(null, next.access().jkt());
        assertEquals(Optional.empty(), tokens.boundKey(next.next().token()));
    }

    private AccessToken bound(String subject, String jkt) {
        AccessToken token = new AccessToken("jws", UUID.randomUUID().toString(), subject,
                clock.instant().plusSeconds(300), jkt);
        minted.add(token);
        return token;
    }

    @Test
    void anExpiredFamilyIsRefusedAndPurged() {
        RefreshTokens.Issued first = tokens.start(access("alice"), "192.0.2.1");
        clock.advance(TTL);
        assertEquals(RefreshTokens.Refusal.EXPIRED, ((RefreshTokens.Refused) rotate(first.token())).reason());
        assertEquals(1, tokens.purgeExpired());
        assertEquals(RefreshTokens.Refusal.UNKNOWN, ((RefreshTokens.Refused) rotate(first.token())).reason());
    }

    @Test
    void aVanishedUserRevokesTheFamily() {
        RefreshTokens.Issued first = tokens.start(access("carol"), "192.0.2.1");
        RefreshTokens.Refused refused = (RefreshTokens.Refused) tokens.rotate(first.token(),
                "192.0.2.2", subject -> Optional.empty());
        assertEquals(RefreshTokens.Refusal.REVOKED, refused.reason());
        assertEquals(1, refused.revokedAccess().size());
    }

    @Test
    void logoutRevokesTheFamilyOfTheAccessTokenAndSubjectRevocationEveryFamily() {
        RefreshTokens.Issued first = tokens.start(access("alice"), "192.0.2.1");
        RefreshTokens.Rotated second = (RefreshTokens.Rotated) rotate(first.token());
        assertEquals(2, tokens.revokeFamilyOfAccessToken(second.access().jti()).size());
        assertEquals(RefreshTokens.Refusal.REVOKED,
                ((RefreshTokens.Refused) rotate(second.next().token())).reason());
        assertTrue(tokens.revokeFamilyOfAccessToken("unknown-jti").isEmpty());

        RefreshTokens.Issued a = tokens.start(access("bob"), "192.0.2.1");
        RefreshTokens.Issued b = tokens.start(access("bob"), "192.0.2.1");
        assertEquals("bob", tokens.holder(a.token()).orElseThrow().subject());
        tokens.revokeSubject("bob");
        assertEquals(RefreshTokens.Refusal.REVOKED, ((RefreshTokens.Refused) rotate(a.token())).reason());
        assertEquals(RefreshTokens.Refusal.REVOKED, ((RefreshTokens.Refused) rotate(b.token())).reason());
        assertEquals(RefreshTokens.Refusal.UNKNOWN, ((RefreshTokens.Refused) rotate("")).reason());
    }

    @Test
    void liveSessionsShowEachFamilysLoginLatestRefreshAndAddresses() {
        Instant login = clock.instant();
        RefreshTokens.Issued first = tokens.start(access("dora"), "192.0.2.10");
        clock.advance(Duration.ofMinutes(7));
        RefreshTokens.Rotated second = (RefreshTokens.Rotated) tokens.rotate(first.token(),
                "2001:db8::1", subject -> Optional.of(access(subject)));
        clock.advance(Duration.ofMinutes(1));
        RefreshTokens.Issued other = tokens.start(access("dora"), "192.0.2.20");
        tokens.start(access("erin"), "192.0.2.30");

        List<ActiveSession> sessions = tokens.liveSessions("dora");
        assertEquals(2, sessions.size());
        ActiveSession newest = sessions.get(0);
        ActiveSession rotated = sessions.get(1);
        assertEquals("192.0.2.20", newest.address(), "most recently used first");
        assertEquals(login.toEpochMilli(), rotated.created().toEpochMilli());
        assertEquals(login.plus(Duration.ofMinutes(7)).toEpochMilli(), rotated.lastUsed().toEpochMilli());
        assertEquals("2001:db8::1", rotated.address());
        assertEquals("192.0.2.10", rotated.loginAddress());
        assertEquals(1, rotated.refreshes());
        assertEquals(first.expiresAt().toEpochMilli(), rotated.expiresAt().toEpochMilli());
        assertTrue(rotated.issued(second.access().jti()) && rotated.issued(minted.get(0).jti()));
        assertFalse(newest.issued(second.access().jti()));
        assertEquals(Map.of("dora", 2, "erin", 1), tokens.liveSessionCounts());

        // Revoked and expired families are no longer live.
        // Its first access token expired after 5 minutes; the one of its refresh lives.
        assertEquals(List.of(second.access().jti()), tokens.liveFamilyAccess(rotated.id())
                .orElseThrow().stream().map(IssuedAccess::jti).toList());
        tokens.revokeFamily(rotated.id());
        assertTrue(tokens.liveFamilyAccess(rotated.id()).isEmpty());
        assertEquals(List.of(newest.id()), tokens.liveSessions("dora").stream().map(ActiveSession::id).toList());
        assertTrue(tokens.liveFamilyAccess("no-such-family").isEmpty());
        clock.advance(TTL);
        assertTrue(tokens.liveSessions("dora").isEmpty());
        assertEquals(Map.of(), tokens.liveSessionCounts());
        assertTrue(tokens.liveFamilyAccess(newest.id()).isEmpty());
        assertEquals(RefreshTokens.Refusal.EXPIRED, ((RefreshTokens.Refused) rotate(other.token())).reason());
    }

    @Test
    void anAddressLongerThanTheColumnIsCutAndAnUnknownOneStaysNull() {
        tokens.start(access("fay"), "x".repeat(200));
        tokens.start(access("gus"), null);
        assertEquals("x".repeat(64), tokens.liveSessions("fay").get(0).address());
        assertNull(tokens.liveSessions("gus").get(0).address());
    }
}
