package dev.perimeter.bench;

import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.runtime.Perimeter;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One token, validated by every contender with the same checks; see {@link Contenders}. Each
 * library row validates a fresh copy of the token text, as a request header would give it, so
 * no row profits from a hash code cached in the {@link String}. The {@code jdk*} rows are the
 * floor: the bare signature or MAC over pre-decoded bytes, engine set up once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class VerifyBenchmark {

    @Param({"HS256", "RS256", "ES256"})
    public String alg;

    private char[] tokenChars;
    private Contenders.Contender raw;
    private Contenders.Contender perimeterCold;
    private Contenders.Contender perimeterWarm;
    private Contenders.Contender perimeterColdNative;
    private Contenders.Contender jose4j;
    private Contenders.Contender nimbus;
    private Contenders.Contender jjwt;
    private Fixtures fixtures;
    private Mac jdkMac;
    private Mac nativeMac;
    private Signature jdkSignature;
    private Signature nativeSignature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixtures = Fixtures.of(alg);
        tokenChars = fixtures.token.toCharArray();
        MemoryRevocationStore revocations = Contenders.revocations();
        raw = Contenders.raw(fixtures);
        perimeterCold = Contenders.perimeter(Perimeter.start(
                Contenders.perimeterConfig(fixtures, 0, "jdk", revocations)).verifier());
        perimeterWarm = Contenders.perimeter(Perimeter.start(
                Contenders.perimeterConfig(fixtures, 10_000, "jdk", revocations)).verifier());
        perimeterColdNative = Contenders.perimeter(Perimeter.start(
                Contenders.perimeterConfig(fixtures, 0, "accp", revocations)).verifier());
        jose4j = Contenders.jose4j(fixtures);
        nimbus = Contenders.nimbus(fixtures);
        jjwt = Contenders.jjwt(fixtures);
        for (Contenders.Contender contender : new Contenders.Contender[] {raw, perimeterCold,
                perimeterWarm, perimeterColdNative, jose4j, nimbus, jjwt}) {
            Collection<?> groups = contender.validate(fixtures.token);
            if (groups == null || groups.size() != Fixtures.GROUPS.length) {
                throw new IllegalStateException("a contender did not read the groups: " + groups);
            }
        }
        Provider accp = Native.provider();
        String jca = Fixtures.jcaName(alg);
        if (fixtures.secret != null) {
            jdkMac = Mac.getInstance(jca);
            jdkMac.init(new SecretKeySpec(fixtures.secret, jca));
            nativeMac = Mac.getInstance(jca, accp);
            nativeMac.init(new SecretKeySpec(fixtures.secret, jca));
        } else {
            jdkSignature = Signature.getInstance(jca);
            jdkSignature.initVerify(fixtures.publicKey);
            nativeSignature = Signature.getInstance(jca, accp);
            nativeSignature.initVerify(fixtures.publicKey);
        }
        if (!jdk() || !jdkNative()) {
            throw new IllegalStateException("the JDK floor does not verify the fixture");
        }
    }

    private String freshToken() {
        return new String(tokenChars);
    }

    @Benchmark
    public Object raw() throws Exception {
        return raw.validate(freshToken());
    }

    @Benchmark
    public Object perimeterCold() throws Exception {
        return perimeterCold.validate(freshToken());
    }

    @Benchmark
    public Object perimeterWarm() throws Exception {
        return perimeterWarm.validate(freshToken());
    }

    @Benchmark
    public Object perimeterColdNative() throws Exception {
        return perimeterColdNative.validate(freshToken());
    }

    @Benchmark
    public Object jose4j() throws Exception {
        return jose4j.validate(freshToken());
    }

    @Benchmark
    public Object nimbus() throws Exception {
        return nimbus.validate(freshToken());
    }

    @Benchmark
    public Object jjwt() throws Exception {
        return jjwt.validate(freshToken());
    }

    @Benchmark
    public boolean jdk() throws Exception {
        return floor(jdkMac, jdkSignature);
    }

    @Benchmark
    public boolean jdkNative() throws Exception {
        return floor(nativeMac, nativeSignature);
    }

    private boolean floor(Mac mac, Signature signature) throws Exception {
        if (mac != null) {
            return MessageDigest.isEqual(mac.doFinal(fixtures.signingInput), fixtures.jcaSignature);
        }
        signature.update(fixtures.signingInput);
        return signature.verify(fixtures.jcaSignature);
    }
}
