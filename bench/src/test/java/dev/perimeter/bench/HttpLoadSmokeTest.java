package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CI's smoke pass of the HTTP load run: a few bounded seconds on loopback, every answer 2xx. */
class HttpLoadSmokeTest {

    @Test
    void everyPhaseAnswersOnlySuccessesWithAndWithoutTheFilter() throws Exception {
        HttpLoad.Options options = new HttpLoad.Options();
        options.algorithm = "ES256";
        options.connections = 2;
        options.warmupSeconds = 0.3;
        options.seconds = 1;
        options.rounds = 1;
        options.maxRequests = 20_000;
        List<HttpLoad.Result> results = HttpLoad.run(options);
        assertEquals(3, results.size());
        for (HttpLoad.Result result : results) {
            assertTrue(result.requests > 0, result.name + " sent no request");
            assertTrue(result.requests <= options.maxRequests, result.name + " overran its budget");
            assertEquals(0, result.non2xx, result.name + " got non-2xx answers");
            assertEquals(0, result.failures, result.name + " had connection failures");
            assertTrue(result.p99Micros >= result.p50Micros, result.toString());
        }
    }
}
