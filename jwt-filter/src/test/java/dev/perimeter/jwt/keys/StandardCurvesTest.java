package dev.perimeter.jwt.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.TestKeys;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class StandardCurvesTest {

    /** secp256k1: 256 bits like P-256, but another curve. */
    private static ECPublicKey secp256k1Key() throws Exception {
        BigInteger p = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
        EllipticCurve curve = new EllipticCurve(new ECFieldFp(p), BigInteger.ZERO, BigInteger.valueOf(7));
        ECPoint g = new ECPoint(
                new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
                new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16));
        BigInteger n = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
        ECParameterSpec spec = new ECParameterSpec(curve, g, n, 1);
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(g, spec));
    }

    @Test
    void theJdksNistCurvesAreRecognisedByName() {
        assertTrue(StandardCurves.isNamed(((ECPublicKey) TestKeys.EC_P256.getPublic()).getParams(), "P-256"));
        assertTrue(StandardCurves.isNamed(((ECPublicKey) TestKeys.EC_P384.getPublic()).getParams(), "P-384"));
        assertTrue(StandardCurves.isNamed(((ECPublicKey) TestKeys.EC_P521.getPublic()).getParams(), "P-521"));
        assertFalse(StandardCurves.isNamed(((ECPublicKey) TestKeys.EC_P256.getPublic()).getParams(), "P-384"));
    }

    @Test
    void aKeyOnAnotherCurveOfTheSameSizeIsRefusedForEs256() throws Exception {
        ECPublicKey key = secp256k1Key();
        assertFalse(StandardCurves.isNamed(key.getParams(), "P-256"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Keys.publicKey(key, EnumSet.of(JwsAlgorithm.ES256), "test"));
        assertTrue(e.getMessage().contains("P-256"), e.getMessage());
    }
}
