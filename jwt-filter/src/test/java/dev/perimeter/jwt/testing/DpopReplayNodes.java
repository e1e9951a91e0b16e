package dev.perimeter.jwt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.servlet.JwtFilter;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Two nodes (each a Jetty with its own filter and its own revocation store on one shared
 * backend) and the check every backend must pass: a DPoP proof admitted by one node is refused
 * by the other within its window, while fresh proofs pass on both.
 */
public final class DpopReplayNodes implements AutoCloseable {

    private final JettyHarness first;
    private final JettyHarness second;
    private final RevocationStore firstStore;
    private final RevocationStore secondStore;

    /** Two nodes, each with a store from {@code stores} (a new one per call, same backend). */
    public DpopReplayNodes(Supplier<RevocationStore> stores) throws Exception {
        firstStore = stores.get();
        secondStore = stores.get();
        first = JettyHarness.withFilter(new JwtFilter(config(firstStore)));
        second = JettyHarness.withFilter(new JwtFilter(config(secondStore)));
    }

    private static JwtConfig config(RevocationStore store) {
        return JwtConfig.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("dpop", "allowed").set("dpop-url", DpopProofs.URL)
                .revocationStore(store).build();
    }

    /** The replay check across the nodes, and its description in the refusal. */
    public void aProofUsedOnOneNodeIsRefusedOnTheOther() throws Exception {
        DpopProofs client = DpopProofs.es256();
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                client.boundClaims("alice", Instant.now(), "user"));
        String proof = client.proof("GET", "/api/me", token);
        Eventually.within(java.time.Duration.ofSeconds(20), "both stores synchronized",
                () -> firstStore.isReady() && secondStore.isReady());
        assertEquals(200, get(first, token, proof).statusCode(), "first use, on the first node");
        HttpResponse<String> replay = get(second, token, proof);
        assertEquals(401, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("the DPoP proof was used before"), replay.body());
        assertEquals(0, second.servletCalls());
        HttpResponse<String> fresh = get(second, token, client.proof("GET", "/api/me", token));
        assertEquals(200, fresh.statusCode(), "a fresh proof passes on the second node");
        assertEquals(401, get(first, token, proof).statusCode(), "and the first node refuses it too");
    }

    private static HttpResponse<String> get(JettyHarness node, String token, String proof) throws Exception {
        return node.send(node.request("/api/me").header("Authorization", "DPoP " + token)
                .header("DPoP", proof).GET().build());
    }

    @Override
    public void close() throws Exception {
        try {
            first.close();
            second.close();
        } finally {
            firstStore.close();
            secondStore.close();
        }
    }
}
