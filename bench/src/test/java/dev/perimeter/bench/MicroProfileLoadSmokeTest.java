package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short pass of the MicroProfile load run, only in the mp-load profile (which fetches the
 * servers; the default build excludes this class): both real servers start, answer as MP-JWT specifies,
 * and take a few seconds of load, with the token and on the open endpoint without one, with only
 * 2xx answers. About a minute, most of it Payara's start.
 */
class MicroProfileLoadSmokeTest {

    @Test
    void bothServersAnswerAsSpecifiedAndOnlySuccessesUnderLoad() throws Exception {
        MicroProfileLoad.Options options = new MicroProfileLoad.Options();
        options.connections = 2;
        options.warmupSeconds = 1;
        options.seconds = 2;
        options.rounds = 2;
        options.maxRequests = 20_000;
        options.heap = "512m";
        options.servers = List.of(MicroProfileLoad.TOMCAT, MicroProfileLoad.PAYARA);
        MicroProfileLoad.Run run = MicroProfileLoad.run(options);
        // Each server with the token, and its @PermitAll endpoint without one.
        assertEquals(4, run.served.size());
        assertEquals(List.of(MicroProfileLoad.TOMCAT, MicroProfileLoad.TOMCAT + "-open"),
                List.copyOf(run.ratios.keySet()));
        for (MicroProfileLoad.Served served : run.served) {
            if (served.server.endsWith("-open")) {
                assertEquals(Map.of("without a token", 200), served.checks, served.label);
                assertEquals("open\n", served.body, served.label);
            } else {
                assertEquals(Map.of("without a token", 401, "group not in the token", 403,
                        "with the token", 200), served.checks, served.label);
                assertEquals("hello alice\n", served.body, served.label);
            }
            HttpLoad.Result result = served.result;
            assertTrue(result.requests > 0, served.label + " sent no request");
            assertTrue(result.requests <= options.rounds * options.maxRequests, served.label);
            assertEquals(0, result.non2xx, served.label + " got non-2xx answers");
            assertEquals(0, result.failures, served.label + " had connection failures");
            assertEquals(2, served.rounds.length, served.label);
            assertEquals(300, served.keptAlive, served.label);
        }
        for (double[] ratios : run.ratios.values()) {
            assertEquals(2, ratios.length);
            assertTrue(ratios[0] > 0 && ratios[1] > 0);
        }
    }
}
