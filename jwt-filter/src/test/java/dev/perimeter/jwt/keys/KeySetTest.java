package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySetTest {

    private static final VerificationKey RSA_A = key("a", JwsAlgorithm.RS256);
    private static final VerificationKey RSA_B = key("b", JwsAlgorithm.RS256);
    private static final VerificationKey RSA_NO_KID = key(null, JwsAlgorithm.RS256);
    private static final VerificationKey EC_A = key("a", JwsAlgorithm.ES256);
    private static final VerificationKey EC_C = key("c", JwsAlgorithm.ES256);
    private static final VerificationKey HMAC_NO_KID = key(null, JwsAlgorithm.HS256);

    @Test
    void aTokenWithAKidIsVerifiedByTheKeyWithThatKidAndItsAlg() {
        KeySet keys = KeySet.of(List.of(RSA_A, RSA_B, EC_A));

        assertSame(RSA_A, keys.find("a", JwsAlgorithm.RS256));
        assertSame(RSA_B, keys.find("b", JwsAlgorithm.RS256));
        assertSame(EC_A, keys.find("a", JwsAlgorithm.ES256));
    }

    @Test
    void aKidMatchWithAnotherAlgFindsNoKeyButTheKidIsKnown() {
        KeySet keys = KeySet.of(List.of(RSA_A, RSA_NO_KID));

        assertNull(keys.find("a", JwsAlgorithm.PS256));
        assertNull(keys.find("a", JwsAlgorithm.HS256));
        assertTrue(keys.hasKeyId("a"));
    }

    @Test
    void aKnownKidNeverFallsBackToAKeyWithoutKid() {
        KeySet keys = KeySet.of(List.of(EC_A, RSA_NO_KID));

        assertNull(keys.find("a", JwsAlgorithm.RS256));
    }

    @Test
    void anUnknownKidFallsBackToTheKeyWithoutKidForTheAlg() {
        KeySet keys = KeySet.of(List.of(RSA_A, RSA_NO_KID, HMAC_NO_KID));

        assertSame(RSA_NO_KID, keys.find("unknown", JwsAlgorithm.RS256));
        assertSame(HMAC_NO_KID, keys.find("unknown", JwsAlgorithm.HS256));
        assertNull(keys.find("unknown", JwsAlgorithm.ES256));
        assertFalse(keys.hasKeyId("unknown"));
    }

    @Test
    void anUnknownKidDoesNotFallBackToAKeyThatHasAKid() {
        KeySet keys = KeySet.of(List.of(RSA_A));

        assertNull(keys.find("unknown", JwsAlgorithm.RS256));
    }

    @Test
    void aTokenWithoutKidUsesTheKeyWithoutKidForItsAlg() {
        KeySet keys = KeySet.of(List.of(RSA_A, RSA_NO_KID));

        assertSame(RSA_NO_KID, keys.find(null, JwsAlgorithm.RS256));
    }

    @Test
    void aTokenWithoutKidUsesTheOnlyKeyForItsAlg() {
        KeySet keys = KeySet.of(List.of(RSA_A, EC_C));

        assertSame(RSA_A, keys.find(null, JwsAlgorithm.RS256));
        assertSame(EC_C, keys.find(null, JwsAlgorithm.ES256));
        assertNull(keys.find(null, JwsAlgorithm.PS256));
    }

    @Test
    void aTokenWithoutKidFindsNothingWhenSeveralKeysHaveItsAlg() {
        KeySet keys = KeySet.of(List.of(RSA_A, RSA_B));

        assertNull(keys.find(null, JwsAlgorithm.RS256));
        assertFalse(keys.hasKeyId(null));
    }

    @Test
    void twoKeysWithTheSameKidAndAlgAreRefused() {
        VerificationKey twin = key("a", JwsAlgorithm.RS256);

        assertThrows(IllegalArgumentException.class, () -> KeySet.of(List.of(RSA_A, twin)));
    }

    @Test
    void twoKeysWithoutKidForTheSameAlgAreRefused() {
        VerificationKey twin = key(null, JwsAlgorithm.RS256);

        assertThrows(IllegalArgumentException.class, () -> KeySet.of(List.of(RSA_NO_KID, twin)));
    }

    @Test
    void oneKidMayServeSeveralAlgorithms() {
        KeySet keys = KeySet.of(List.of(RSA_A, EC_A));

        assertSame(RSA_A, keys.find("a", JwsAlgorithm.RS256));
        assertSame(EC_A, keys.find("a", JwsAlgorithm.ES256));
    }

    @Test
    void joiningSetsRefusesDuplicatesAcrossThem() {
        KeySet first = KeySet.of(List.of(RSA_A));

        assertSame(EC_C, first.plus(KeySet.of(List.of(EC_C))).find("c", JwsAlgorithm.ES256));
        assertThrows(IllegalArgumentException.class,
                () -> first.plus(KeySet.of(List.of(key("a", JwsAlgorithm.RS256)))));
    }

    @Test
    void anEmptySetFindsNothing() {
        KeySet keys = KeySet.of(List.of());

        assertTrue(keys.isEmpty());
        assertNull(keys.find(null, JwsAlgorithm.RS256));
        assertNull(keys.find("a", JwsAlgorithm.RS256));
    }

    private static VerificationKey key(String kid, JwsAlgorithm algorithm) {
        switch (algorithm.family()) {
            case HMAC:
                return new VerificationKey(kid, algorithm, null,
                        algorithm.verifierFor(TestKeys.utf8(TestKeys.SECRET_512)), "test");
            case EC:
                return new VerificationKey(kid, algorithm, null,
                        algorithm.verifierFor(TestKeys.EC_P256.getPublic()), "test");
            default:
                return new VerificationKey(kid, algorithm, null,
                        algorithm.verifierFor(TestKeys.RSA.getPublic()), "test");
        }
    }
}
