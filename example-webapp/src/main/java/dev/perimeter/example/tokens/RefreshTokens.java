package dev.perimeter.example.tokens;

import dev.perimeter.example.db.Database;
import dev.perimeter.example.tokens.RefreshTokenTable.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Refresh tokens: opaque random 256-bit values, stored only as SHA-256 hashes. Each login starts
 * a family; every refresh spends its token and issues the next one of the family, which expires
 * when the family does ({@code refresh-ttl} after the login). Presenting a spent token again
 * means that two parties hold the family: the whole family is revoked, and so are the access
 * tokens issued with it, which the caller then revokes in the filter's store by {@code jti}.
 *
 * <p>A family started by a login with a DPoP proof is bound to that proof's key (RFC 9449
 * section 5): each of its tokens is spent only by a caller that proves the same key, and every
 * access token issued in it is bound to that key too. A caller without the key changes nothing:
 * the token stays unspent and the family live.
 */
public final class RefreshTokens {

    /** Why a refresh token was refused; the description goes to the client. */
    public enum Refusal {
        /** Never issued, or purged after it expired. */
        UNKNOWN("the refresh token is not known"),
        /** Its family is older than {@code refresh-ttl}. */
        EXPIRED("the session has expired"),
        /** Its family was revoked: logout, revocation, reuse, or its subject revoked. */
        REVOKED("the session was revoked"),
        /** Spent before: its family is revoked now. */
        REUSED("the refresh token was already used; the session is revoked"),
        /** Its family is DPoP-bound and the caller proved no key, or another one: nothing spent. */
        KEY_NOT_PROVEN("the refresh token is bound to a DPoP key: send a DPoP proof made with that key");

        private final String description;

        Refusal(String description) {
            this.description = description;
        }

        /** The {@code error_description} for the client. */
        public String description() {
            return description;
        }
    }

    /** A refresh token as handed to the client. {@link #toString()} leaves the token out. */
    public record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "RefreshToken[exp=" + expiresAt + "]";
        }
    }

    /** The outcome of a refresh. */
    public sealed interface Rotation permits Rotated, Refused {
    }

    /**
     * The token was spent; {@code next} replaces it, beside {@code access}. {@code familyId} names
     * the session, {@code previousJti} is the access token issued with the spent refresh token.
     */
    public record Rotated(Issued next, AccessToken access, String familyId, String previousJti)
            implements Rotation {
    }

    /**
     * The token was refused. For {@link Refusal#REUSED}, {@code revokedAccess} lists the family's
     * unexpired access tokens, to be revoked in the filter's store. {@code subject} and
     * {@code familyId} are those of the token's family, null when the token is unknown.
     */
    public record Refused(Refusal reason, List<IssuedAccess> revokedAccess, String subject,
            String familyId) implements Rotation {

        static Refused unknown() {
            return new Refused(Refusal.UNKNOWN, List.of(), null, null);
        }
    }

    /** Who holds a token's family. */
    public record Holder(String subject, String familyId) {
    }

    /** Issues the access token of a rotation: for a subject, bound to {@code jkt} unless null. */
    @FunctionalInterface
    public interface Mint {
        /** The access token for {@code subject}; empty when that user no longer exists. */
        Optional<AccessToken> issue(String subject, String jkt);
    }

    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 128;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Database database;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    /** @param ttl how long a family lives from its login ({@code refresh-ttl}) */
    public RefreshTokens(Database database, Clock clock, Duration ttl) {
        this.database = database;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * Starts a family at login, with the access token issued beside it; the family is bound to
     * the DPoP key the access token is bound to, if any.
     *
     * @param address the client's address, shown to admins; null when unknown
     */
    public Issued start(AccessToken access, String address) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        String token = newToken();
        database.inTransaction(connection -> {
            RefreshTokenTable.insert(connection, new Row(hash(token), randomId(), null,
                    access.subject(), now.toEpochMilli(), expiresAt.toEpochMilli(), null, null,
                    access.jti(), access.expiresAt().toEpochMilli(), storedAddress(address),
                    access.jkt()));
            return null;
        });
        return new Issued(token, expiresAt);
    }

    /**
     * Spends {@code token} and issues the next of its family, beside the access token that
     * {@code mint} issues for the token's subject (empty when that user no longer exists, which
     * revokes the family); or refuses the token, revoking its family when it was spent before.
     * One transaction, with the token's row locked: of two refreshes racing with one token, one
     * rotates and the other is a reuse. {@code address} is the client's, kept with the next token.
     */
    public Rotation rotate(String token, String address,
            Function<String, Optional<AccessToken>> mint) {
        return rotate(token, address, null, (subject, jkt) -> mint.apply(subject));
    }

    /**
     * {@link #rotate(String, String, Function)} by a caller that proved the DPoP key whose
     * thumbprint is {@code provenJkt} (null: none). A token of a bound family is refused
     * ({@link Refusal#KEY_NOT_PROVEN}) unless that is its family's key, before anything else is
     * looked at or changed, so that a token taken without its key can neither be spent nor
     * revoke its family as a reuse. {@code mint} gets the family's key, to bind the new access
     * token to; a proof beside a token of an unbound family is not looked at.
     */
    public Rotation rotate(String token, String address, String provenJkt, Mint mint) {
        if (!plausible(token)) {
            return Refused.unknown();
        }
        String next = newToken();
        return database.inTransaction(connection -> {
            long nowMs = clock.millis();
            Optional<Row> found = RefreshTokenTable.find(connection, hash(token), true);
            if (found.isEmpty()) {
                return Refused.unknown();
            }
            Row row = found.get();
            if (row.dpopJkt() != null && !row.dpopJkt().equals(provenJkt)) {
                return new Refused(Refusal.KEY_NOT_PROVEN, List.of(), row.subject(), row.familyId());
            }
            if (row.revokedMs() != null) {
                return new Refused(Refusal.REVOKED, List.of(), row.subject(), row.familyId());
            }
            if (row.spentMs() != null) {
                return new Refused(Refusal.REUSED,
                        RefreshTokenTable.revokeFamily(connection, row.familyId(), nowMs),
                        row.subject(), row.familyId());
            }
            if (row.expiresMs() <= nowMs) {
                return new Refused(Refusal.EXPIRED, List.of(), row.subject(), row.familyId());
            }
            Optional<AccessToken> access = mint.issue(row.subject(), row.dpopJkt());
            if (access.isEmpty()) {
                return new Refused(Refusal.REVOKED,
                        RefreshTokenTable.revokeFamily(connection, row.familyId(), nowMs),
                        row.subject(), row.familyId());
            }
            RefreshTokenTable.markSpent(connection, row.hash(), nowMs);
            RefreshTokenTable.insert(connection, new Row(hash(next), row.familyId(), row.hash(),
                    row.subject(), nowMs, row.expiresMs(), null, null, access.get().jti(),
                    access.get().expiresAt().toEpochMilli(), storedAddress(address),
                    row.dpopJkt()));
            return new Rotated(new Issued(next, Instant.ofEpochMilli(row.expiresMs())), access.get(),
                    row.familyId(), row.accessJti());
        });
    }

    /**
     * The thumbprint of the DPoP key that {@code token}'s family is bound to; empty when the
     * family is unbound or the token unknown. A family's key never changes, so the refresh
     * endpoint can ask this before it checks the caller's proof and rotates.
     */
    public Optional<String> boundKey(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return database.inTransaction(connection -> RefreshTokenTable.find(connection, hash(token), false))
                .map(Row::dpopJkt);
    }

    /** The holder of a known, unexpired token (spent or not), for the revocation endpoint. */
    public Optional<Holder> holder(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        long now = clock.millis();
        return database.inTransaction(connection -> RefreshTokenTable.find(connection, hash(token), false))
                .filter(row -> row.expiresMs() > now)
                .map(row -> new Holder(row.subject(), row.familyId()));
    }

    /** The subject of the family {@code familyId}, live or not; empty when none has that id. */
    public Optional<String> familySubject(String familyId) {
        return database.inTransaction(connection ->
                RefreshTokenTable.familySubject(connection, familyId));
    }

    /** Revokes a family; returns its unexpired access tokens. */
    public List<IssuedAccess> revokeFamily(String familyId) {
        long now = clock.millis();
        return database.inTransaction(connection ->
                RefreshTokenTable.revokeFamily(connection, familyId, now));
    }

    /**
     * Revokes the family that the access token {@code jti} was issued with (logout); returns
     * the family's unexpired access tokens, empty when the token belongs to no family.
     */
    public List<IssuedAccess> revokeFamilyOfAccessToken(String jti) {
        long now = clock.millis();
        return database.inTransaction(connection -> {
            Optional<Row> row = RefreshTokenTable.findByAccess(connection, jti);
            return row.isEmpty() ? List.<IssuedAccess>of()
                    : RefreshTokenTable.revokeFamily(connection, row.get().familyId(), now);
        });
    }

    /**
     * The unexpired access tokens of the family {@code familyId} when it is live; empty when no
     * live family has that id (unknown, revoked or expired). Revokes nothing.
     */
    public Optional<List<IssuedAccess>> liveFamilyAccess(String familyId) {
        long now = clock.millis();
        return database.inTransaction(connection ->
                RefreshTokenTable.isLiveFamily(connection, familyId, now)
                        ? Optional.of(RefreshTokenTable.liveAccess(connection, familyId, now))
                        : Optional.<List<IssuedAccess>>empty());
    }

    /** The live sessions (families neither revoked nor expired) of {@code subject}, newest first. */
    public List<ActiveSession> liveSessions(String subject) {
        long now = clock.millis();
        List<Row> rows = database.inTransaction(connection ->
                RefreshTokenTable.liveOfSubject(connection, subject, now));
        Map<String, List<Row>> families = new LinkedHashMap<>();
        for (Row row : rows) {
            families.computeIfAbsent(row.familyId(), id -> new ArrayList<>()).add(row);
        }
        List<ActiveSession> sessions = new ArrayList<>();
        for (List<Row> family : families.values()) {
            Row first = family.get(0);
            Row latest = family.get(family.size() - 1);
            Set<String> accessIds = new HashSet<>();
            family.forEach(row -> accessIds.add(row.accessJti()));
            sessions.add(new ActiveSession(first.familyId(), first.subject(),
                    Instant.ofEpochMilli(first.issuedMs()), Instant.ofEpochMilli(latest.issuedMs()),
                    latest.clientAddress(), first.clientAddress(),
                    Instant.ofEpochMilli(first.expiresMs()), family.size() - 1,
                    first.dpopJkt() != null, Set.copyOf(accessIds)));
        }
        sessions.sort(Comparator.comparing(ActiveSession::lastUsed).reversed());
        return sessions;
    }

    /** How many live sessions each subject has; subjects without any are left out. */
    public Map<String, Integer> liveSessionCounts() {
        long now = clock.millis();
        return database.inTransaction(connection -> RefreshTokenTable.liveFamilyCounts(connection, now));
    }

    /** Revokes every family of {@code subject}. */
    public void revokeSubject(String subject) {
        long now = clock.millis();
        database.inTransaction(connection -> RefreshTokenTable.revokeSubject(connection, subject, now));
    }

    /** Deletes expired tokens; returns how many. */
    public int purgeExpired() {
        long now = clock.millis();
        return database.inTransaction(connection -> RefreshTokenTable.purge(connection, now));
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private String randomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** The address as the column can keep it: null stays null, a longer one is cut. */
    private static String storedAddress(String address) {
        return address == null || address.length() <= RefreshTokenTable.MAX_ADDRESS ? address
                : address.substring(0, RefreshTokenTable.MAX_ADDRESS);
    }

    private static boolean plausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
    }

    /** SHA-256 of the token, base64url: what the table keeps instead of the token. */
    static String hash(String token) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
