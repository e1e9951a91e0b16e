package dev.perimeter.jwt.internal;

import dev.perimeter.jwt.keys.SignatureCheck;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * A JWS signature check that is java-jwt's own ({@link JavaJwtCheck}) unless a preferred JCA
 * {@link Provider} (such as Amazon Corretto Crypto Provider) is configured, in which case the same
 * check runs over that provider's primitives.
 *
 * <p>java-jwt asks {@code Signature.getInstance(name)} anew for every token, so it can only use
 * whatever provider comes first in the JVM's list. Registering a provider there would change every
 * library in the JVM; instead, with a preferred provider this class keeps a few ready
 * {@link Signature} or {@link Mac} objects per key in a lock-free pool (a compare-and-set on one
 * slot to take or return one; a miss just makes a new one), feeds them the signing input straight
 * from the token text, and falls back to the JDK for an algorithm the provider lacks.
 *
 * <p>ECDSA signatures are the JOSE form, R and S concatenated (IEEE P1363, which the JCA verifies
 * directly): they must be exactly twice the curve's size, and neither half may be zero, as
 * java-jwt requires.
 */
public final class JcaVerifier implements SignatureCheck {

    private static final int POOL_SLOTS = 16;

    /** java-jwt's check of this key: the check whenever no provider is preferred. */
    private final JavaJwtCheck javaJwt;
    private final Key key;
    private final String jcaName;
    private final AlgorithmParameterSpec parameters;
    private final boolean mac;
    /** For ECDSA: the exact signature length in bytes; 0 for other kinds. */
    private final int joseSignatureLength;
    private final AtomicReference<Pool> providerPool = new AtomicReference<>();

    private JcaVerifier(JavaJwtCheck javaJwt, String jcaName, Key key,
            AlgorithmParameterSpec parameters, boolean mac, int joseSignatureLength) {
        this.javaJwt = javaJwt;
        this.key = Objects.requireNonNull(key, "key");
        this.jcaName = jcaName;
        this.parameters = parameters;
        this.mac = mac;
        this.joseSignatureLength = joseSignatureLength;
    }

    /** An HMAC check ({@code HmacSHA256} …) with this secret. */
    public static JcaVerifier hmac(JavaJwtCheck javaJwt, String jcaName, SecretKey secret) {
        return new JcaVerifier(javaJwt, jcaName, secret, null, true, 0);
    }

    /** An RSA or RSA-PSS check ({@code SHA256withRSA}, {@code RSASSA-PSS} with parameters). */
    public static JcaVerifier signature(JavaJwtCheck javaJwt, String jcaName, PublicKey key,
            AlgorithmParameterSpec parameters) {
        return new JcaVerifier(javaJwt, jcaName, key, parameters, false, 0);
    }

    /**
     * An ECDSA check of JOSE signatures ({@code SHA256withECDSAinP1363Format} …) whose halves are
     * {@code fieldBytes} long each.
     */
    public static JcaVerifier ecdsa(JavaJwtCheck javaJwt, String jcaName, PublicKey key,
            int fieldBytes) {
        return new JcaVerifier(javaJwt, jcaName, key, null, false, 2 * fieldBytes);
    }

    /**
     * A check java-jwt does not offer (EdDSA): pooled engines of the preferred provider when one
     * is given and offers {@code jcaName}, else of the JDK's providers.
     */
    public static JcaVerifier withoutJavaJwt(String jcaName, PublicKey key) {
        return new JcaVerifier(null, jcaName, key, null, false, 0);
    }

    /**
     * With no preferred provider, java-jwt's check (or, for a check it does not offer, the JDK's
     * engines); with one, the same check on its engines.
     */
    @Override
    public boolean verifies(CompactJws jws, Provider provider) {
        if (provider == null && javaJwt != null) {
            return javaJwt.verifies(jws, null);
        }
        return verify(jws.signingInput(), jws.decodeSignature(), provider);
    }

    private boolean verify(byte[] signingInput, byte[] signature, Provider provider) {
        if (joseSignatureLength != 0 && !isWellFormedJoseEcdsa(signature)) {
            return false;
        }
        Pool pool = poolFor(provider);
        Object engine = pool.take();
        try {
            if (engine == null) {
                engine = pool.create();
            }
            boolean valid;
            if (mac) {
                Mac hmac = (Mac) engine;
                byte[] expected = hmac.doFinal(signingInput);
                valid = java.security.MessageDigest.isEqual(expected, signature);
            } else {
                Signature verifier = (Signature) engine;
                verifier.update(signingInput);
                valid = verifier.verify(signature);
            }
            // Both doFinal and verify leave the engine initialized for the same key again.
            pool.give(engine);
            return valid;
        } catch (GeneralSecurityException | RuntimeException e) {
            // A hostile signature may make a provider throw; that engine is not reused.
            return false;
        }
    }

    private boolean isWellFormedJoseEcdsa(byte[] signature) {
        if (signature.length != joseSignatureLength) {
            return false;
        }
        int half = joseSignatureLength / 2;
        return !isZero(signature, 0, half) && !isZero(signature, half, joseSignatureLength);
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private Pool poolFor(Provider provider) {
        Pool pool = providerPool.get();
        if (pool == null) {
            providerPool.compareAndSet(null, new Pool(provider));
            pool = providerPool.get();
        }
        // One key serves one configuration, and so one provider; another one is served unpooled.
        return pool.provider == provider ? pool : new Pool(provider);
    }

    /** Ready engines of one preferred provider; a full or empty pool never blocks. */
    private final class Pool {
        private final Provider provider;
        private final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(POOL_SLOTS);

        Pool(Provider provider) {
            this.provider = provider;
        }

        Object take() {
            int start = (int) Thread.currentThread().getId();
            for (int i = 0; i < POOL_SLOTS; i++) {
                int slot = (start + i) & (POOL_SLOTS - 1);
                Object engine = slots.get(slot);
                if (engine != null && slots.compareAndSet(slot, engine, null)) {
                    return engine;
                }
            }
            return null;
        }

        void give(Object engine) {
            int start = (int) Thread.currentThread().getId();
            for (int i = 0; i < POOL_SLOTS; i++) {
                int slot = (start + i) & (POOL_SLOTS - 1);
                if (slots.get(slot) == null && slots.compareAndSet(slot, null, engine)) {
                    return;
                }
            }
        }

        Object create() throws GeneralSecurityException {
            if (provider != null && provider.getService(mac ? "Mac" : "Signature", jcaName) != null) {
                try {
                    return create(provider);
                } catch (GeneralSecurityException | RuntimeException e) {
                    // The provider offers the algorithm but refuses this key or these parameters:
                    // the JDK's providers, which accepted the key at start-up, check it instead.
                }
            }
            return create(null);
        }

        private Object create(Provider from) throws GeneralSecurityException {
            if (mac) {
                Mac hmac = from != null ? Mac.getInstance(jcaName, from) : Mac.getInstance(jcaName);
                hmac.init(key);
                return hmac;
            }
            Signature verifier = from != null
                    ? Signature.getInstance(jcaName, from) : Signature.getInstance(jcaName);
            if (parameters != null) {
                verifier.setParameter(parameters);
            }
            verifier.initVerify((PublicKey) key);
            return verifier;
        }
    }

    @Override
    public String toString() {
        return javaJwt + " or " + jcaName + " of the preferred provider";
    }
}
