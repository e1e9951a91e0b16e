package dev.perimeter.example.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.DataDirectory;
import dev.perimeter.example.ExampleSettings;
import dev.perimeter.example.SettingException;
import dev.perimeter.example.TestClock;
import dev.perimeter.example.db.Database;
import dev.perimeter.example.db.Schema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path root;
    private DataDirectory data;
    private Database database;
    private final TestClock clock = TestClock.startingNow();

    @BeforeEach
    void open() {
        data = DataDirectory.prepare(root.resolve("data"));
        database = Database.open(ExampleSettings.h2In(data.root()));
        Schema.create(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private SigningKeys load(String... namesAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put("perimeter.example.data-dir", data.root().toString());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put("perimeter.example." + namesAndValues[i], namesAndValues[i + 1]);
        }
        return SigningKeys.load(ExampleSettings.from(properties, Map.of(), name -> null, List.of()),
                data, database, clock);
    }

    private List<String> publishedKids() {
        return load().jwks(clock.instant()).stream().map(jwk -> (String) jwk.get("kid")).toList();
    }

    @Test
    void aKeyIsGeneratedOnceKeptOwnerOnlyAndNamedByItsThumbprint() throws Exception {
        SigningKeys first = load();
        Path file = data.file(SigningKeys.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Jwk.thumbprint(PemKeyPairs.read(Files.readString(file)).getPublic()),
                first.signer().kid());
        SigningKeys second = load();
        assertEquals(first.signer().kid(), second.signer().kid());
        assertEquals(1, second.jwks(clock.instant()).size());
    }

    @Test
    void aNewAlgorithmRotatesAndTheOldKeyStaysPublishedUntilItsTokensHaveExpired() {
        String old = load().signer().kid();
        SigningKeys rotated = load("signing-alg", "ES256", "access-ttl", "300");
        assertEquals(SigningAlgorithm.ES256, rotated.signer().algorithm());
        assertNotEquals(old, rotated.signer().kid());
        assertEquals(List.of(old, rotated.signer().kid()),
                rotated.jwks(clock.instant()).stream().map(jwk -> jwk.get("kid")).toList());

        Duration retention = Duration.ofSeconds(300).plus(SigningKeys.RETIREMENT_MARGIN);
        clock.advance(retention.minusSeconds(1));
        assertEquals(2, rotated.jwks(clock.instant()).size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(rotated.signer().kid()),
                rotated.jwks(clock.instant()).stream().map(jwk -> jwk.get("kid")).toList());
        assertEquals(List.of(rotated.signer().kid()), publishedKidsAfterLoad("signing-alg", "ES256"));
    }

    private List<String> publishedKidsAfterLoad(String... settings) {
        return load(settings).jwks(clock.instant()).stream().map(jwk -> (String) jwk.get("kid")).toList();
    }

    @Test
    void aNewSigningKidReplacesAGeneratedKey() {
        String old = load().signer().kid();
        SigningKeys renamed = load("signing-kid", "2026-11");
        assertEquals("2026-11", renamed.signer().kid());
        assertEquals(List.of(old, "2026-11"), publishedKids().subList(0, 2));
        assertEquals("2026-11", load("signing-kid", "2026-11").signer().kid(), "and keeps it");
    }

    @Test
    void aConfiguredKeySignsAndTheGeneratedOneIsDeleted() throws Exception {
        String generated = load().signer().kid();
        String pem = resource("ec-openssl.pem");
        SigningKeys configured = load("signing-key", pem, "signing-alg", "ES256");
        assertEquals(Jwk.thumbprint(PemKeyPairs.read(pem).getPublic()), configured.signer().kid());
        assertFalse(Files.exists(data.file(SigningKeys.KEY_FILE)));
        assertTrue(publishedKids().contains(generated), "until its tokens expire");

        Path file = root.resolve("key.pem");
        Files.writeString(file, pem);
        assertEquals(configured.signer().kid(), load("signing-key", "file:" + file,
                "signing-alg", "ES256").signer().kid());
    }

    @Test
    void configuredKeysThatCannotServeFailNamingTheSetting() throws Exception {
        String ec = resource("ec-openssl.pem");
        assertEquals("signing-alg", assertThrows(SettingException.class,
                () -> load("signing-key", ec)).setting(), "an EC key with RS256");
        assertEquals("signing-key", assertThrows(SettingException.class,
                () -> load("signing-key", resource("rsa-pkcs1.pem"))).setting());
        assertEquals("signing-key", assertThrows(SettingException.class,
                () -> load("signing-key", "file:" + root.resolve("missing.pem"))).setting());
        load("signing-kid", "main");
        assertEquals("signing-kid", assertThrows(SettingException.class,
                () -> load("signing-key", resource("rsa-openssl.pem"), "signing-kid", "main"))
                .setting(), "a kid already naming another key");
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = SigningKeysTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
