package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping of ids a JDBC node skipped and still looks for. */
class JdbcIdGapsTest {

    private static final long LIMIT = 1_000;

    private static String ranges(JdbcIdGaps gaps) {
        StringBuilder out = new StringBuilder();
        for (long[] range : gaps.ranges()) {
            out.append(range[0]).append('-').append(range[1]).append(' ');
        }
        return out.toString().trim();
    }

    @Test
    void idsSkippedOverBecomeGapsAndConsecutiveOnesDoNot() {
        JdbcIdGaps gaps = new JdbcIdGaps(10, LIMIT);
        gaps.seen(11, 0);
        gaps.seen(12, 0);
        assertEquals("", ranges(gaps));
        gaps.seen(15, 0);
        gaps.seen(20, 0);
        assertEquals("13-14 16-19", ranges(gaps));
        assertEquals(20, gaps.highest());
    }

    @Test
    void aRowThatShowsUpLateFillsItsPlaceAndSplitsTheGap() {
        JdbcIdGaps gaps = new JdbcIdGaps(0, LIMIT);
        gaps.seen(10, 0);
        gaps.seen(5, 0);
        assertEquals("1-4 6-9", ranges(gaps));
        gaps.seen(1, 0);
        gaps.seen(9, 0);
        gaps.seen(7, 0);
        assertEquals("2-4 6-6 8-8", ranges(gaps));
        gaps.seen(7, 0);
        gaps.seen(3, 0);
        assertEquals("2-2 4-4 6-6 8-8", ranges(gaps));
        assertEquals(10, gaps.highest());
    }

    @Test
    void aGapIsGivenUpOnlyBySearchesStartedAtOrAfterItsDeadline() {
        JdbcIdGaps gaps = new JdbcIdGaps(0, LIMIT);
        gaps.seen(3, 100); // gap 1-2, deadline 1100
        gaps.seen(6, 500); // gap 4-5, deadline 1500
        gaps.expire(1099);
        assertEquals("1-2 4-5", ranges(gaps));
        gaps.expire(1100);
        assertEquals("4-5", ranges(gaps));
        gaps.seen(4, 1200); // the part left keeps its deadline
        gaps.expire(1499);
        assertEquals("5-5", ranges(gaps));
        gaps.expire(1500);
        assertEquals(0, gaps.size());
    }

    @Test
    void deadlinesWorkAcrossTheWrapOfNanoTime() {
        JdbcIdGaps gaps = new JdbcIdGaps(0, LIMIT);
        gaps.seen(2, Long.MAX_VALUE - 10); // deadline wraps to a negative value
        gaps.expire(Long.MAX_VALUE);
        assertEquals(1, gaps.size());
        gaps.expire(Long.MAX_VALUE - 10 + LIMIT);
        assertEquals(0, gaps.size());
    }

    @Test
    void idsGivenUpOnAreIgnoredWhenTheyShowUp() {
        JdbcIdGaps gaps = new JdbcIdGaps(0, LIMIT);
        gaps.seen(3, 0);
        gaps.expire(LIMIT);
        gaps.seen(2, 2 * LIMIT);
        assertEquals(List.of(), gaps.ranges());
        gaps.seen(4, 2 * LIMIT);
        assertEquals(4, gaps.highest());
        assertEquals(0, gaps.size());
    }
}
