package dev.perimeter.jwt.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.DpopProofs;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP in container mode: the Jakarta Authentication module runs the same pipeline as the filter,
 * so a DPoP-bound token with its proof makes the container's caller, and each refusal is the
 * filter's answer, header for header.
 */
class ContainerModeDpopTest {

    private static final Map<String, String> PARAMETERS = Map.of(
            "issuer", TestTokens.ISSUER,
            "audience", TestTokens.AUDIENCE,
            "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
            "dpop", "allowed",
            "dpop-url", DpopProofs.URL,
            "dpop-nonce", "true",
            "dpop-nonce-secret", "the nonce secret both apps share!");

    private static TomcatHarness tomcat;
    private final DpopProofs client = DpopProofs.es256();

    @BeforeAll
    static void deploy() throws Exception {
        tomcat = new TomcatHarness();
        tomcat.containerApp("/sam", PARAMETERS);
        tomcat.filterApp("/filter", PARAMETERS);
    }

    @AfterAll
    static void undeploy() throws Exception {
        tomcat.close();
    }

    private String boundToken() {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                client.boundClaims("alice", Instant.now(), "user"));
    }

    /** A proof for {@code path} with the server's nonce, by {@code proofs}' key. */
    private static String proof(DpopProofs proofs, String path, String token, String nonce) {
        String claims = DpopProofs.claims("GET", DpopProofs.URL + path, Instant.now(), token);
        return proofs.sign(proofs.header(), claims.replace("}", ",\"nonce\":\"" + nonce + "\"}"));
    }

    /** The nonce {@code app} hands out with {@code use_dpop_nonce}. */
    private String nonce(String app) throws Exception {
        String token = boundToken();
        return tomcat.get(app + "/api/me", "Authorization", "DPoP " + token,
                "DPoP", client.proof("GET", app + "/api/me", token))
                .headers().firstValue("DPoP-Nonce").orElseThrow();
    }

    private static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual) {
        assertEquals(expected.statusCode(), actual.statusCode(), actual.body());
        assertEquals(expected.body(), actual.body());
        for (String header : List.of("WWW-Authenticate", "Cache-Control", "DPoP-Nonce")) {
            assertEquals(expected.headers().firstValue(header), actual.headers().firstValue(header), header);
        }
    }

    @Test
    void aDpopBoundTokenWithItsProofIsTheContainersCaller() throws Exception {
        String token = boundToken();
        HttpResponse<String> first = tomcat.get("/sam/api/me", "Authorization", "DPoP " + token,
                "DPoP", client.proof("GET", "/sam/api/me", token));
        assertEquals(401, first.statusCode(), "a nonce is required first");
        assertTrue(first.headers().firstValue("WWW-Authenticate").orElseThrow()
                .startsWith("DPoP error=\"use_dpop_nonce\""));
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> ok = tomcat.get("/sam/api/me", "Authorization", "DPoP " + token,
                "DPoP", proof(client, "/sam/api/me", token, nonce));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().startsWith("user=alice remote=alice type=BEARER"), ok.body());
        assertEquals(nonce, ok.headers().firstValue("DPoP-Nonce").orElseThrow());
    }

    @Test
    void everyRefusalIsTheFiltersAnswer() throws Exception {
        String token = boundToken();
        DpopProofs thief = DpopProofs.es256();
        for (String app : List.of("/sam", "/filter")) {
            assertEquals(nonce("/sam"), nonce(app), "one secret, one nonce");
        }
        String nonce = nonce("/sam");
        String[][] cases = {
            {"Authorization", "Bearer " + token},
            {"Authorization", "DPoP " + token},
            {"Authorization", "DPoP " + token, "DPoP", "@proof-by-thief"},
            {"Authorization", "DPoP " + token, "DPoP", "@proof-without-nonce"},
            {},
        };
        for (String[] headers : cases) {
            HttpResponse<String> sam = tomcat.get("/sam/api/me", withProofs(headers, "/sam/api/me", token, thief, nonce));
            HttpResponse<String> filter = tomcat.get("/filter/api/me", withProofs(headers, "/filter/api/me", token, thief, nonce));
            assertEquals(401, sam.statusCode(), String.join(" ", headers) + ": " + sam.body());
            assertSameAnswer(filter, sam);
        }
    }

    @Test
    void aProofReplayedFromOneAppToTheSameAppIsRefused() throws Exception {
        String token = boundToken();
        String nonce = nonce("/sam");
        String proof = proof(client, "/sam/api/me", token, nonce);
        assertEquals(200, tomcat.get("/sam/api/me", "Authorization", "DPoP " + token, "DPoP", proof).statusCode());
        HttpResponse<String> replay = tomcat.get("/sam/api/me", "Authorization", "DPoP " + token, "DPoP", proof);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("the DPoP proof was used before"), replay.body());
    }

    private String[] withProofs(String[] headers, String path, String token, DpopProofs thief, String nonce) {
        String[] out = headers.clone();
        for (int i = 0; i < out.length; i++) {
            if ("@proof-by-thief".equals(out[i])) {
                out[i] = proof(thief, path, token, nonce);
            } else if ("@proof-without-nonce".equals(out[i])) {
                out[i] = client.proof("GET", path, token);
            }
        }
        return out;
    }
}
