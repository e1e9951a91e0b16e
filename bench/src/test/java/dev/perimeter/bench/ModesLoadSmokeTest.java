package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** CI's smoke pass of the modes load run: a few bounded seconds on loopback, every answer 2xx. */
class ModesLoadSmokeTest {

    @Test
    void everyApplicationAnswersOnlySuccessesAndBothModesRefuseWithoutAToken() throws Exception {
        HttpLoad.Options options = new HttpLoad.Options();
        options.algorithm = "ES256";
        options.connections = 2;
        options.warmupSeconds = 0.3;
        options.seconds = 1;
        options.rounds = 1;
        options.maxRequests = 20_000;
        ModesLoad.Run run = ModesLoad.run(options);
        assertEquals(Map.of("/filter", 401, "/container", 401), run.withoutToken);
        assertEquals(3, run.results.size());
        for (HttpLoad.Result result : run.results) {
            assertTrue(result.requests > 0, result.name + " sent no request");
            assertTrue(result.requests <= options.maxRequests, result.name + " overran its budget");
            assertEquals(0, result.non2xx, result.name + " got non-2xx answers");
            assertEquals(0, result.failures, result.name + " had connection failures");
            assertTrue(result.p99Micros >= result.p50Micros, result.toString());
        }
    }
}
