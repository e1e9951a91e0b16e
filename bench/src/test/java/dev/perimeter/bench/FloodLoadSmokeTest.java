package dev.perimeter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI's smoke pass of the flood run: a few bounded seconds on loopback, a flooder JVM from
 * 127.0.0.2. The valid client gets only successes beside either flood; the forged flood is
 * refused with 4xx and never costs a 5xx.
 */
class FloodLoadSmokeTest {

    @Test
    void theValidClientGetsOnlySuccessesBesideBothFloods() throws Exception {
        FloodLoad.Options options = new FloodLoad.Options();
        options.algorithms = List.of("ES256");
        options.clientConnections = 2;
        options.floodConnections = 2;
        options.warmupSeconds = 0.5;
        options.seconds = 2;
        options.rounds = 2;
        List<FloodLoad.Row> rows = FloodLoad.run(options);
        assertEquals(2, rows.size());
        assertEquals("token-less", rows.get(0).flood);
        assertEquals("forged ES256", rows.get(1).flood);
        for (FloodLoad.Row row : rows) {
            assertTrue(row.client.requests > 0, row.toString());
            assertEquals(0, row.client.non2xx, row.toString());
            assertEquals(0, row.client.failures, row.toString());
            assertTrue(row.floodRequests() > 0, row.toString());
            assertEquals(0, row.flood5xx(), row.toString());
        }
    }
}
