package io.orator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueueEstimateTest {

    private static final long LIMIT = 10;
    private static final long HALF_SECOND = QueueEstimate.COUNT_VALID_NANOS;

    private final QueueEstimate queue = new QueueEstimate();

    @Test
    void noCountYetNeedsAFreshCount() {
        assertFalse(queue.hasRoom(LIMIT));
    }

    @Test
    void estimateBelowTheLimitAdmits() {
        count(5, 100);

        assertTrue(queue.hasRoom(LIMIT));
        admitAndSettle(4);
        assertEquals(9, queue.estimate());
        assertTrue(queue.hasRoom(LIMIT));
    }

    @Test
    void estimateAtTheLimitLeavesTheDecisionToAFreshCount() {
        count(5, 100);
        admitAndSettle(5);

        assertEquals(LIMIT, queue.estimate());
        assertFalse(queue.hasRoom(LIMIT));
    }

    @Test
    void freshCountFindsRoomTheEstimateMissed() {
        count(5, 100);
        admitAndSettle(5);

        // Meanwhile the worker started seven jobs: the count sees three queued.
        count(3, 200);

        assertEquals(3, queue.estimate());
        assertTrue(queue.hasRoom(LIMIT));
    }

    @Test
    void freshCountAtTheLimitRefuses() {
        count(5, 100);
        admitAndSettle(5);

        count(10, 200);

        assertFalse(queue.hasRoom(LIMIT));
    }

    @Test
    void admissionsSettledBeforeACountAreCountedOnce() {
        count(0, 100);
        admitAndSettle(3);

        // The three are committed, so the count sees them.
        count(3, 200);

        assertEquals(3, queue.estimate());
    }

    @Test
    void admissionsStillOpenWhenACountBeginsAreAddedToIt() {
        count(0, 100);
        queue.admit();
        queue.admit();

        // Their transactions have not ended, so the count cannot see them.
        count(0, 200);
        assertEquals(2, queue.estimate());

        // They commit after the count began: still counted once, by the estimate.
        queue.settle();
        queue.settle();
        assertEquals(2, queue.estimate());
    }

    @Test
    void countThatBeganBeforeTheLastOneIsIgnored() {
        count(4, 200);

        count(9, 100);

        assertEquals(4, queue.estimate());
    }

    @Test
    void backgroundCountStartsOnlyWhenTheLastIsStale() {
        count(0, 100);

        assertFalse(queue.startCount(100 + HALF_SECOND - 1));
        assertTrue(queue.startCount(100 + HALF_SECOND));
    }

    @Test
    void oneBackgroundCountAtATime() {
        count(0, 100);
        long stale = 100 + 2 * HALF_SECOND;

        assertTrue(queue.startCount(stale));
        assertFalse(queue.startCount(stale + 1), "one is running");
        queue.countEnded();
        assertTrue(queue.startCount(stale + 2));
    }

    @Test
    void nanoTimeMayWrapAround() {
        count(0, Long.MAX_VALUE);
        count(7, Long.MAX_VALUE + 1);

        assertEquals(7, queue.estimate());
        assertFalse(queue.startCount(Long.MAX_VALUE + 2));
    }

    /** A count that began at {@code startedNanos}, after the admissions settled so far. */
    private void count(long queued, long startedNanos) {
        queue.install(new QueueEstimate.Count(queued, queue.settled(), startedNanos));
    }

    private void admitAndSettle(int jobs) {
        for (int i = 0; i < jobs; i++) {
            queue.admit();
            queue.settle();
        }
    }
}
