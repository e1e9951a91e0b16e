package dev.perimeter.jwt.microprofile.jwe;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the text of {@code mp.jwt.decrypt.key.location} into RSA private keys, in the formats of
 * MP-JWT 2.1 in its order of precedence: PKCS#8 PEM, JWK, JWKS, and JWK or JWKS Base64URL encoded.
 * Every key must be an RSA private key of at least 2048 bits meant for encryption; anything else
 * is refused with an {@link IllegalArgumentException} whose message names the key and the fault,
 * never the key material (parser messages are dropped for that reason: they may quote the text).
 */
final class DecryptionKeyReader {

    static final int MIN_RSA_BITS = 2048;

    private static final String PEM_PRIVATE_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_PRIVATE_END = "-----END PRIVATE KEY-----";

    private DecryptionKeyReader() {
    }

    static List<DecryptionKey> read(String keyText, Set<String> acceptedAlgorithms) {
        if (keyText == null || keyText.isBlank()) {
            throw refused("the decryption key text is empty");
        }
        String text = keyText.strip();
        if (text.startsWith("-----BEGIN")) {
            return List.of(readPem(text));
        }
        if (text.startsWith("{")) {
            return readJson(text, acceptedAlgorithms);
        }
        return readJson(decodeBase64Url(text), acceptedAlgorithms);
    }

    private static DecryptionKey readPem(String text) {
        if (text.startsWith("-----BEGIN PUBLIC KEY-----") || text.startsWith("-----BEGIN CERTIFICATE-----")) {
            throw refused("the PEM decryption key is a public key or certificate: a private key is required");
        }
        if (text.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw refused("the PEM decryption key is PKCS#1 ('BEGIN RSA PRIVATE KEY'): convert it to "
                    + "PKCS#8 ('BEGIN PRIVATE KEY'), e.g. with openssl pkcs8 -topk8 -nocrypt");
        }
        if (text.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw refused("the PEM decryption key is password-protected: an unencrypted PKCS#8 key is required");
        }
        int end = text.indexOf(PEM_PRIVATE_END);
        if (!text.startsWith(PEM_PRIVATE_BEGIN) || end < 0) {
            throw refused("the PEM decryption key is not a PKCS#8 private key "
                    + "('-----BEGIN PRIVATE KEY-----' ... '-----END PRIVATE KEY-----')");
        }
        byte[] der;
        try {
            // Strict Base64 once line breaks are gone: the MIME decoder would skip stray characters.
            String body = text.substring(PEM_PRIVATE_BEGIN.length(), end).replaceAll("\\s", "");
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw refused("the PEM decryption key's body is not valid Base64");
        }
        RSAPrivateKey key;
        try {
            key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw refused("the PEM decryption key is not an RSA private key in PKCS#8 (only RSA keys are "
                    + "supported for RSA-OAEP and RSA-OAEP-256)");
        }
        checkedSize(key, "the PEM decryption key");
        return new DecryptionKey(null, null, key);
    }

    private static List<DecryptionKey> readJson(String text, Set<String> acceptedAlgorithms) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw refused("the decryption key is neither PKCS#8 PEM nor valid JWK/JWKS JSON");
        }
        if (!json.containsKey("keys")) {
            return List.of(readJwk(json, "the JWK decryption key", acceptedAlgorithms));
        }
        List<Object> entries;
        try {
            entries = JSONObjectUtils.getJSONArray(json, "keys");
        } catch (ParseException e) {
            throw refused("the JWKS decryption key's 'keys' is not an array");
        }
        if (entries == null || entries.isEmpty()) {
            throw refused("the JWKS decryption key set has no keys");
        }
        List<DecryptionKey> keys = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String label = "key #" + (i + 1) + " of the JWKS";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw refused(label + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) entry;
            keys.add(readJwk(jwk, label, acceptedAlgorithms));
        }
        return keys;
    }

    private static DecryptionKey readJwk(Map<String, Object> json, String label, Set<String> acceptedAlgorithms) {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw refused(label + " is not a valid JWK (kty and its key members are required)");
        }
        String kid = jwk.getKeyID();
        if (kid != null) {
            label = label + " (kid '" + shorten(kid) + "')";
        }
        if (!(jwk instanceof RSAKey rsa)) {
            throw refused(label + " has kty " + jwk.getKeyType() + ": an RSA key is required");
        }
        if (!rsa.isPrivate()) {
            throw refused(label + " is a public key: the private key (with 'd') is required");
        }
        RSAPrivateKey key;
        try {
            key = rsa.toRSAPrivateKey();
        } catch (JOSEException | RuntimeException e) {
            throw refused(label + " does not form a valid RSA private key");
        }
        checkedSize(key, label);
        if (rsa.getKeyUse() != null && !KeyUse.ENCRYPTION.equals(rsa.getKeyUse())) {
            throw refused(label + " has use '" + shorten(rsa.getKeyUse().identifier()) + "': 'enc' is required");
        }
        Set<KeyOperation> ops = rsa.getKeyOperations();
        if (ops != null && !ops.contains(KeyOperation.UNWRAP_KEY) && !ops.contains(KeyOperation.DECRYPT)) {
            throw refused(label + " has key_ops without 'unwrapKey' or 'decrypt'");
        }
        String alg = rsa.getAlgorithm() == null ? null : rsa.getAlgorithm().getName();
        if (alg != null && !acceptedAlgorithms.contains(alg)) {
            throw refused(label + " has alg '" + shorten(alg) + "', which is not an accepted key management "
                    + "algorithm " + acceptedAlgorithms);
        }
        return new DecryptionKey(kid, alg, key);
    }

    private static void checkedSize(RSAPrivateKey key, String label) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw refused(label + " is a " + bits + "-bit RSA key: at least " + MIN_RSA_BITS + " bits are required");
        }
    }

    private static String decodeBase64Url(String text) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).strip();
            if (json.startsWith("{")) {
                return json;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw refused("the decryption key is neither PKCS#8 PEM, nor JWK/JWKS JSON, nor Base64URL-encoded JWK/JWKS");
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static IllegalArgumentException refused(String problem) {
        return new IllegalArgumentException("mp.jwt.decrypt.key.location: " + problem);
    }
}
