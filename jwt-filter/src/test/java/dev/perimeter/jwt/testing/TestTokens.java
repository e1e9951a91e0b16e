package dev.perimeter.jwt.testing;

import dev.perimeter.jwt.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints tokens for tests straight from JSON text with the JDK's own primitives, independent of
 * java-jwt, so that tests can build any token an attacker could: duplicate members, odd types,
 * forbidden headers, wrong algorithms.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "perimeter-test";

    private static final Pattern JTI = Pattern.compile("\"jti\":\"([^\"]*)\"");

    private TestTokens() {
    }

    /** Ordinary claims for {@code sub}, valid around {@code now}, with the given groups. */
    public static String claims(String subject, Instant now, String... groups) {
        StringBuilder roles = new StringBuilder("[");
        for (int i = 0; i < groups.length; i++) {
            roles.append(i == 0 ? "" : ",").append('"').append(groups[i]).append('"');
        }
        roles.append(']');
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + AUDIENCE
                + "\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 300)
                + ",\"jti\":\"" + subject + "-" + now.toEpochMilli() + "-" + System.nanoTime()
                + "\",\"groups\":" + roles + "}";
    }

    /**
     * {@code claimsJson} (an object, such as {@link #claims} makes) with one more member,
     * {@code name}, whose value is the JSON text {@code jsonValue} as written: any type, even
     * malformed for the claim, such as a {@code cnf} that is not an object.
     */
    public static String withClaim(String claimsJson, String name, String jsonValue) {
        String trimmed = claimsJson.strip();
        if (!trimmed.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + claimsJson);
        }
        String body = trimmed.substring(0, trimmed.length() - 1).strip();
        return body + (body.equals("{") ? "" : ",") + "\"" + name + "\":" + jsonValue + "}";
    }

    /** A header with {@code alg} and, when non-null, {@code kid}. */
    public static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"")
                + ",\"typ\":\"JWT\"}";
    }

    /** Signs {@code header.payload} with an HMAC secret (alg from the header's hash size). */
    public static String hmac(String headerJson, String payloadJson, String javaAlgorithm,
            byte[] secret) {
        return hmacOver(signingInput(headerJson, payloadJson), javaAlgorithm, secret);
    }

    /**
     * Signs an already encoded signing input ({@code header.payload}) with an HMAC secret, so a
     * test can sign segments that are not canonical base64url.
     */
    public static String hmacOver(String signingInput, String javaAlgorithm, byte[] secret) {
        try {
            Mac mac = Mac.getInstance(javaAlgorithm);
            mac.init(new SecretKeySpec(secret, javaAlgorithm));
            return signingInput + "." + Base64Url.encode(mac.doFinal(ascii(signingInput)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(String headerJson, String payloadJson, byte[] secret) {
        return hmac(headerJson, payloadJson, "HmacSHA256", secret);
    }

    /**
     * Signs with a private key; {@code javaAlgorithm} is a JDK signature name such as
     * {@code SHA256withRSA}, {@code SHA256withECDSAinP1363Format}, {@code Ed25519}, or
     * {@code PS256}/{@code PS384}/{@code PS512} for RSASSA-PSS.
     */
    public static String sign(String headerJson, String payloadJson, String javaAlgorithm,
            PrivateKey key) {
        return signOver(signingInput(headerJson, payloadJson), javaAlgorithm, key);
    }

    /**
     * Signs an already encoded signing input ({@code header.payload}) with a private key; see
     * {@link #sign} for the algorithm names.
     */
    public static String signOver(String input, String javaAlgorithm, PrivateKey key) {
        try {
            Signature signature;
            if (javaAlgorithm.startsWith("PS")) {
                String hash = "SHA-" + javaAlgorithm.substring(2);
                int saltLength = Integer.parseInt(javaAlgorithm.substring(2)) / 8;
                signature = Signature.getInstance("RSASSA-PSS");
                signature.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                        saltLength, 1));
            } else {
                signature = Signature.getInstance(javaAlgorithm);
            }
            signature.initSign(key);
            signature.update(ascii(input));
            return input + "." + Base64Url.encode(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(String headerJson, String payloadJson) {
        return sign(headerJson, payloadJson, "SHA256withRSA", TestKeys.RSA.getPrivate());
    }

    /** The {@code jti} of claims made by {@link #claims}. */
    public static String jti(String claimsJson) {
        Matcher matcher = JTI.matcher(claimsJson);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no jti in " + claimsJson);
        }
        return matcher.group(1);
    }

    /** {@code token} with its signature segment replaced by {@code encodedSignature}. */
    public static String withSignature(String token, String encodedSignature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + encodedSignature;
    }

    /** The signature segment of {@code token}. */
    public static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    /** base64url of UTF-8 text. */
    public static String b64(String text) {
        return Base64Url.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
