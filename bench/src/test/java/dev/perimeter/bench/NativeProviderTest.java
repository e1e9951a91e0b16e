package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.VerificationResult;
import dev.perimeter.jwt.config.JwtConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With Amazon Corretto Crypto Provider on the class path, Perimeter uses it for its own checks
 * (accepting good signatures, refusing bad ones, for every family) without registering it in the
 * JVM.
 */
class NativeProviderTest {

    private static final byte[] SECRET = "a-64-byte-secret-for-hs512-tests-with-the-native-provider-000000"
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS512", "RS256", "PS256", "ES256", "ES384", "ES512"})
    void theNativeProviderAcceptsGoodSignaturesAndRefusesBadOnes(String alg) throws Exception {
        Provider[] before = Security.getProviders();
        Algorithm signer;
        JwtConfig.Builder config = JwtConfig.builder().issuer(Fixtures.ISSUER)
                .audience(Fixtures.AUDIENCE).algorithms(alg).set("crypto-provider", "accp");
        if (alg.startsWith("HS")) {
            signer = alg.equals("HS256") ? Algorithm.HMAC256(SECRET) : Algorithm.HMAC512(SECRET);
            config.secret("base64:" + Base64.getEncoder().encodeToString(SECRET));
        } else if (alg.startsWith("ES")) {
            String curve = alg.equals("ES256") ? "secp256r1" : alg.equals("ES384") ? "secp384r1" : "secp521r1";
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
            signer = alg.equals("ES256") ? Algorithm.ECDSA256(pub, priv)
                    : alg.equals("ES384") ? Algorithm.ECDSA384(pub, priv) : Algorithm.ECDSA512(pub, priv);
            config.publicKey(pem(pair));
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            RSAPrivateKey priv = (RSAPrivateKey) pair.getPrivate();
            signer = alg.equals("RS256") ? Algorithm.RSA256(pub, priv) : Algorithm.RSA256PSS(pub, priv);
            config.publicKey(pem(pair));
        }
        JwtConfig built = config.build();
        assertEquals("AmazonCorrettoCryptoProvider", built.cryptoProvider().getName());
        TokenVerifier verifier = Perimeter.start(built).verifier();
        Instant now = Instant.now();
        String token = JWT.create().withIssuer(Fixtures.ISSUER).withAudience(Fixtures.AUDIENCE)
                .withSubject("s").withExpiresAt(now.plusSeconds(60)).sign(signer);
        VerificationResult good = verifier.verify(token);
        assertTrue(good.isValid(), good::toString);

        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        signature[signature.length / 3] ^= 1;
        String tampered = token.substring(0, dot + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(tampered).rejection());

        assertArrayEquals(before, Security.getProviders(), "the JVM's providers are unchanged");
        assertNull(Security.getProvider("AmazonCorrettoCryptoProvider"));
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
