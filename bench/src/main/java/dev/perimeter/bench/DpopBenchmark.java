package dev.perimeter.bench;

import dev.perimeter.jwt.bearer.BearerAuthenticator;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.runtime.Perimeter;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One request through {@link BearerAuthenticator#authenticate}, with and without DPoP (RFC 9449),
 * on one Perimeter with {@code dpop=allowed} and the verified-token cache on (the usual hot path):
 * {@code bearer} sends the fixture's RS256 token as {@code Authorization: Bearer}; {@code dpop}
 * sends an RS256 token bound ({@code cnf.jkt}) to a proof key of {@code proofAlg} as {@code
 * Authorization: DPoP} with a fresh proof; {@code proofSignature} is the bare signature check of
 * the same proofs (the floor: one JCA engine of {@code cryptoProvider}, keyed once), so
 * {@code dpop - bearer - proofSignature} is what Perimeter adds around the proof's signature;
 * {@code proofSignatureNewKey} is that check with the key imported and an engine keyed per proof,
 * as a proof's own key must be.
 *
 * <p>Each proof's {@code jti} is accepted once, so no proof may be measured twice: every
 * iteration is one invocation ({@link Mode#SingleShotTime}) over {@value #PROOFS} proofs signed in
 * that iteration's setup, outside the measurement. The replay memory holds them all
 * ({@code dpop-replay-capacity} far above the trial's proofs, {@code dpop-proof-age} 600 s), so
 * it never sweeps nor fills; every call must authenticate, or the benchmark fails.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DpopBenchmark {

    /** Proofs per iteration, each used once. */
    public static final int PROOFS = 500;
    /** Bearer calls per iteration (the same few requests again: a bearer token may be reused). */
    public static final int BEARER_CALLS = 20_000;
    /** Perimeter's {@code dpop-url}; the proofs' {@code htu} is it followed by {@link #PATH}. */
    public static final String URL = "https://api.example.test";
    public static final String PATH = "/orders/42";
    public static final String METHOD = "GET";

    /** The Perimeter under test and the fixture whose key signs its access tokens. */
    @State(Scope.Benchmark)
    public static class Server {

        @Param({"jdk", "accp"})
        public String cryptoProvider;

        Fixtures fixtures;
        BearerAuthenticator authenticator;

        @Setup(Level.Trial)
        public void setUp() {
            fixtures = Fixtures.of("RS256");
            Perimeter perimeter = Perimeter.start(Contenders.perimeterConfig(fixtures, 10_000,
                    cryptoProvider, Contenders.revocations(), Map.of(
                            "dpop", "allowed",
                            "dpop-url", URL,
                            "dpop-proof-age", "600",
                            "dpop-replay-capacity", "1000000")));
            authenticator = perimeter.authenticator();
        }

        BearerDecision authenticated(BenchRequest request) {
            BearerDecision decision = authenticator.authenticate(request);
            if (!decision.isAuthenticated()) {
                throw new IllegalStateException("refused: " + decision.outcome() + " "
                        + decision.challenge());
            }
            return decision;
        }
    }

    /** A few requests with the plain bearer token, each with its own copy of the header text. */
    @State(Scope.Benchmark)
    public static class BearerRequests {

        private static final int RING = 1024;

        BenchRequest[] requests;

        @Setup(Level.Trial)
        public void setUp(Server server) {
            char[] header = ("Bearer " + server.fixtures.token).toCharArray();
            requests = new BenchRequest[RING];
            for (int i = 0; i < RING; i++) {
                requests[i] = new BenchRequest(METHOD, PATH, new String(header), null);
            }
            server.authenticated(requests[0]); // valid, and now cached
        }
    }

    /** A proof key, the token bound to it, and the fresh proofs of one iteration. */
    @State(Scope.Benchmark)
    public static class Proofs {

        @Param({"ES256", "EdDSA", "RS256"})
        public String proofAlg;

        DpopProofMaker maker;
        String authorization;
        BenchRequest[] requests;
        byte[][] signingInputs;
        byte[][] signatures;
        /** The floor's engine, keyed once with the proof key. */
        Signature floor;
        /** The floor's provider, and the proof key as the JWK's members give it (for a new key each time). */
        Provider floorProvider;
        String keyAlgorithm;
        KeySpec keySpec;

        @Setup(Level.Trial)
        public void setUp(Server server) throws Exception {
            maker = DpopProofMaker.of(proofAlg);
            String token = server.fixtures.boundToken(maker.thumbprint());
            authorization = "DPoP " + token;
            String jca = DpopProofMaker.jcaName(proofAlg);
            Provider accp = "accp".equals(server.cryptoProvider) ? Native.provider() : null;
            floor = accp != null && accp.getService("Signature", jca) != null
                    ? Signature.getInstance(jca, accp) : Signature.getInstance(jca);
            floor.initVerify(maker.publicKey);
            floorProvider = floor.getProvider();
            keyAlgorithm = maker.publicKey.getAlgorithm();
            KeyFactory keys = KeyFactory.getInstance(keyAlgorithm);
            Class<? extends KeySpec> kind = "EC".equals(keyAlgorithm) ? ECPublicKeySpec.class
                    : "RSA".equals(keyAlgorithm) ? RSAPublicKeySpec.class : X509EncodedKeySpec.class;
            keySpec = keys.getKeySpec(maker.publicKey, kind);
            System.err.println("DpopBenchmark: " + proofAlg + " proofs, " + server.cryptoProvider
                    + ", floor " + jca + " of " + floor.getProvider().getName());
            // The bound token is verified (and cached) once before the clock runs, as the
            // bearer token is: both rows then measure the cache's hot path.
            fresh(server);
            server.authenticated(requests[0]);
        }

        @Setup(Level.Iteration)
        public void fresh(Server server) {
            requests = new BenchRequest[PROOFS];
            signingInputs = new byte[PROOFS][];
            signatures = new byte[PROOFS][];
            Instant now = Instant.now();
            String token = authorization.substring("DPoP ".length());
            for (int i = 0; i < PROOFS; i++) {
                String proof = maker.proof(METHOD, URL + PATH, token, now);
                requests[i] = new BenchRequest(METHOD, PATH, new String(authorization.toCharArray()),
                        proof);
                int dot = proof.lastIndexOf('.');
                signingInputs[i] = proof.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
                signatures[i] = Base64.getUrlDecoder().decode(proof.substring(dot + 1));
            }
        }
    }

    /** (a) A cached RS256 bearer token: the usual hot path. */
    @Benchmark
    @OperationsPerInvocation(BEARER_CALLS)
    public void bearer(Server server, BearerRequests bearer, Blackhole blackhole) {
        BenchRequest[] requests = bearer.requests;
        for (int i = 0; i < BEARER_CALLS; i++) {
            blackhole.consume(server.authenticated(requests[i & (requests.length - 1)]));
        }
    }

    /** (b, c) The cached RS256 token bound to the proof key, with a fresh proof each call. */
    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public void dpop(Server server, Proofs proofs, Blackhole blackhole) {
        BenchRequest[] requests = proofs.requests;
        for (int i = 0; i < PROOFS; i++) {
            blackhole.consume(server.authenticated(requests[i]));
        }
        proofs.requests = null; // used: the next iteration's setup makes new ones
    }

    /** The proofs' signatures alone, on one engine keyed once: the floor of {@code dpop - bearer}. */
    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public void proofSignature(Proofs proofs, Blackhole blackhole) throws Exception {
        Signature floor = proofs.floor;
        for (int i = 0; i < PROOFS; i++) {
            floor.update(proofs.signingInputs[i]);
            if (!floor.verify(proofs.signatures[i])) {
                throw new IllegalStateException("a proof's signature does not verify");
            }
        }
        blackhole.consume(floor);
    }

    /**
     * The proofs' signatures as a proof's own key must be checked: the key made from its members
     * ({@link KeyFactory}), a new engine of the same provider keyed with it, then the check. Less
     * {@code proofSignature}, what importing a key and keying an engine cost per proof.
     */
    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public void proofSignatureNewKey(Proofs proofs, Blackhole blackhole) throws Exception {
        String jca = DpopProofMaker.jcaName(proofs.proofAlg);
        for (int i = 0; i < PROOFS; i++) {
            PublicKey key = KeyFactory.getInstance(proofs.keyAlgorithm).generatePublic(proofs.keySpec);
            Signature signature = Signature.getInstance(jca, proofs.floorProvider);
            signature.initVerify(key);
            signature.update(proofs.signingInputs[i]);
            if (!signature.verify(proofs.signatures[i])) {
                throw new IllegalStateException("a proof's signature does not verify");
            }
            blackhole.consume(signature);
        }
    }
}
