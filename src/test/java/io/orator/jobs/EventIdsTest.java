package io.orator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsIncreaseThroughOneRun() {
        assertIncreasing(List.of(EventIds.queued(0), EventIds.running(1, 0), EventIds.running(1, 1),
                EventIds.running(1, 2), EventIds.finished(1)));
    }

    @Test
    void idsIncreaseAcrossAttempts() {
        // The first attempt is recovered after two chunks, the second fails, a retry succeeds.
        assertIncreasing(List.of(EventIds.queued(0), EventIds.running(1, 2), EventIds.queued(1),
                EventIds.running(2, 0), EventIds.running(2, 40), EventIds.finished(2), EventIds.queued(2),
                EventIds.running(3, 0), EventIds.finished(3)));
    }

    @Test
    void idsFollowTheDocumentedScheme() {
        assertEquals(1_000_000, EventIds.queued(0));
        assertEquals(1_000_001, EventIds.running(1, 0));
        assertEquals(2_000_006, EventIds.running(2, 5));
        assertEquals(1_999_999, EventIds.finished(1));
        assertEquals(3_000_000, EventIds.queued(2));
    }

    @Test
    void runningIdsStayBelowTheFinalStepHoweverManyChunks() {
        long manyChunks = EventIds.running(1, 5_000_000);

        assertEquals(EventIds.ATTEMPT_SPAN + EventIds.FINAL_STEP - 1, manyChunks);
        assertTrue(manyChunks < EventIds.finished(1));
        assertTrue(manyChunks > EventIds.running(1, 999_996));
    }

    @Test
    void jobCancelledBeforeItRanEndsAfterItsQueuedState() {
        assertEquals(EventIds.finished(1), EventIds.finished(0));
        assertTrue(EventIds.finished(0) > EventIds.queued(0));
    }

    @Test
    void deletionComesAfterEveryState() {
        assertTrue(EventIds.DELETED > EventIds.finished(Integer.MAX_VALUE));
    }

    @Test
    void clientThatSawTheFinalEventHasSeenEverything() {
        long last = EventIds.finished(2);

        assertTrue(EventIds.seen(last, last));
        assertTrue(EventIds.seen(EventIds.running(2, 7), last));
        assertFalse(EventIds.seen(EventIds.queued(2), last), "a retry after it is news");
    }

    @Test
    void clientThatSawProgressGetsOnlyNewerState() {
        long last = EventIds.running(1, 3);

        assertTrue(EventIds.seen(EventIds.running(1, 3), last));
        assertTrue(EventIds.seen(EventIds.running(1, 2), last));
        assertFalse(EventIds.seen(EventIds.running(1, 4), last));
        assertFalse(EventIds.seen(EventIds.finished(1), last));
        assertFalse(EventIds.seen(EventIds.queued(1), last), "a recovery after it is news");
    }

    @Test
    void newClientHasSeenNothing() {
        long none = EventIds.lastSeen(null);

        assertEquals(0, none);
        assertFalse(EventIds.seen(EventIds.queued(0), none));
    }

    @Test
    void readsTheLastEventIdHeader() {
        assertEquals(2_000_006, EventIds.lastSeen("2000006"));
        assertEquals(42, EventIds.lastSeen(" 42 "));
    }

    @Test
    void idsItNeverGaveOutCountAsNone() {
        for (String header : List.of("", "abc", "-5", "1.5", "99999999999999999999")) {
            assertEquals(0, EventIds.lastSeen(header), header);
        }
    }

    private static void assertIncreasing(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "id " + i + " of " + ids);
        }
    }
}
