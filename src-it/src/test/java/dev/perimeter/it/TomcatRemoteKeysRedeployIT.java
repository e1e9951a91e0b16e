package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.perimeter.it.containers.JvmThreads;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ContainerUnderTest;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.LogLines;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.ScenarioSummary;
import dev.perimeter.it.support.SummaryLog;
import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example on Tomcat 11 with remote keys: a second issuer whose key set a stand-in provider
 * serves over plain HTTP on 127.0.0.1 ({@code jwks-allow-http-loopback=true},
 * {@code Cache-Control: no-cache}), so the filter runs its JDK HTTP client and its refresh
 * thread. The WAR is undeployed and deployed again as an operator does without the manager
 * application (its file removed from {@code webapps/}, then put back), and Tomcat is stopped. No
 * key-fetching thread may outlive the application, and Tomcat's leak check
 * ({@code WebappClassLoaderBase}: "appears to have started a thread named [...] but has failed to
 * stop it. This is very likely to create a memory leak") may name none of the client's threads.
 */
@ExtendWith(ScenarioSummary.class)
class TomcatRemoteKeysRedeployIT implements ContainerUnderTest {

    static final String ISSUER = "http://perimeter-example.test";
    static final String REMOTE_ISSUER = "https://idp.srcit.test/realms/remote";
    static final String REMOTE_KID = "srcit-remote";
    /** Tomcat looks for added and removed WARs every 10 s (backgroundProcessorDelay). */
    static final Duration DEPLOY_LIMIT = Duration.ofSeconds(60);
    /** The names of the threads the filter's key fetching runs on. */
    static final Predicate<String> KEY_THREAD = name -> name.startsWith("perimeter-jwks-")
            || name.startsWith("HttpClient-");

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat11()) + "-remote-keys";
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @Scenario("redeploy-no-thread-leak")
    void undeployRedeployAndStopLeaveNoKeyFetchingThreadAndNoLeakWarning() throws Exception {
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/jwks.json", JwksServer.Answer.json(TestKeys.jwks(
                    TestKeys.jwk(TestKeys.RSA.getPublic(), REMOTE_KID, "RS256")))
                    .withHeader("Cache-Control", "no-cache"));
            Path directory = Built.containers().resolve(containerName());
            TomcatNode tomcat = TomcatNode.builder(Built.tomcat11(), Built.war(), directory)
                    .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                    .systemProperty("perimeter.example.issuer", ISSUER)
                    .contextParameter("perimeter.jwt.issuer", ISSUER + ", " + REMOTE_ISSUER)
                    .contextParameter("perimeter.jwt.jwks", REMOTE_ISSUER + "=" + provider.url("/jwks.json"))
                    .contextParameter("perimeter.jwt.jwks-allow-http-loopback", "true")
                    .start();
            Path console = directory.resolve("console.log");
            Path jcmdLog = directory.getParent().resolve(directory.getFileName() + "-jcmd.log");
            Files.deleteIfExists(jcmdLog);
            try {
                ExampleClient app = new ExampleClient(tomcat.root());
                assertRemoteKeysServe(app);
                List<String> first = keyThreads(tomcat, jcmdLog);
                assertTrue(first.stream().anyMatch(name -> name.startsWith("perimeter-jwks-")),
                        "the filter's key threads run: " + first);

                long undeploying = System.nanoTime();
                Path war = directory.resolve("webapps/ROOT.war");
                Path kept = directory.resolve("ROOT.war.kept");
                Files.move(war, kept);
                LogLines.await(console, line -> line.contains("Undeploying context []"), DEPLOY_LIMIT, () -> { });
                awaitStatus(app, 404);
                SummaryLog.figure(containerName(), "undeploy", since(undeploying));
                assertKeyThreadsEnd(tomcat, jcmdLog, first);

                long deploying = System.nanoTime();
                Files.copy(kept, directory.resolve("webapps/ROOT.war.copying"));
                Files.move(directory.resolve("webapps/ROOT.war.copying"), war, StandardCopyOption.ATOMIC_MOVE);
                awaitStatus(app, 200);
                SummaryLog.figure(containerName(), "redeploy", since(deploying));
                assertRemoteKeysServe(app);
                List<String> second = keyThreads(tomcat, jcmdLog);
                assertTrue(second.stream().anyMatch(name -> name.startsWith("perimeter-jwks-")),
                        "the redeployed filter's key threads run: " + second);
            } finally {
                tomcat.close();
            }
            List<String> warnings = LogLines.matching(directory, line -> line.contains("appears to have started a thread")
                    || line.contains("failed to stop it") || line.contains("memory leak"));
            List<String> ours = warnings.stream().filter(line -> line.contains("[HttpClient-")
                    || line.contains("[perimeter-jwks-")).toList();
            System.out.println("[src-it] " + containerName() + " leak warnings of Tomcat, all: " + warnings);
            assertEquals(List.of(), ours, "Tomcat's leak check names a key-fetching thread");
            assertTrue(provider.requests("/jwks.json") >= 2, "fetched by both deployments");
        }
    }

    /** A token of the remote issuer is admitted: its keys were fetched over HTTP. */
    private static void assertRemoteKeysServe(ExampleClient app) {
        Instant now = Instant.now();
        String claims = "{\"iss\":\"" + REMOTE_ISSUER + "\",\"sub\":\"remote-user\",\"aud\":\"perimeter-example\","
                + "\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plusSeconds(300).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\",\"groups\":[\"user\"]}";
        String token = TestTokens.sign(TestTokens.header("RS256", REMOTE_KID), claims, "SHA256withRSA",
                TestKeys.RSA.getPrivate());
        HttpResponse<String> me = app.get("/api/me", token);
        assertEquals(200, me.statusCode(), me.body());
    }

    private static List<String> keyThreads(TomcatNode tomcat, Path log) {
        return JvmThreads.names(tomcat.pid(), log).stream().filter(KEY_THREAD).toList();
    }

    /**
     * Perimeter's own threads end with the filter's {@code destroy()}. On Java 17 the JDK client
     * cannot be closed, and its selector thread ends once the client is unreachable: after a
     * garbage collection, so one is asked for. Either way, none may stay.
     */
    private static void assertKeyThreadsEnd(TomcatNode tomcat, Path log, List<String> deployed)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> left;
        while (true) {
            JvmThreads.collectGarbage(tomcat.pid(), log);
            List<String> now = keyThreads(tomcat, log);
            left = deployed.stream().filter(now::contains).toList();
            if (left.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(List.of(), left, "key-fetching threads outlived the undeployed application");
    }

    private static void awaitStatus(ExampleClient app, int status) {
        long deadline = System.nanoTime() + DEPLOY_LIMIT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = app.get("/health", null).statusCode();
            if (last == status) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        fail("/health answered " + last + ", not " + status + ", within " + DEPLOY_LIMIT.toSeconds() + " s");
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
