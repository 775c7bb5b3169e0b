package io.orator.jobs;

/**
 * Ids of a job's live events, increasing within the job across its attempts:
 * {@code attempt × ATTEMPT_SPAN + step}, where step is 0 while queued, 1 when started, 1 + chunks
 * done while running and {@code FINAL_STEP} once finished. A reconnecting client's
 * {@code Last-Event-ID} therefore says which state it has seen.
 */
final class EventIds {

    static final long ATTEMPT_SPAN = 1_000_000;
    static final long FINAL_STEP = ATTEMPT_SPAN - 1;
    /** The event that says the job is gone comes after every other. */
    static final long DELETED = Long.MAX_VALUE;

    private EventIds() {
    }

    /** A queued job, which waits for its next attempt: it has had {@code attempts} so far. */
    static long queued(int attempts) {
        return (attempts + 1L) * ATTEMPT_SPAN;
    }

    /** A running attempt after {@code chunksDone} chunks; below the final step however many chunks it has. */
    static long running(int attempt, int chunksDone) {
        return attempt * ATTEMPT_SPAN + Math.min(1 + chunksDone, FINAL_STEP - 1);
    }

    /** A finished job after {@code attempts} attempts; a job cancelled before it ever ran counts as one. */
    static long finished(int attempts) {
        return Math.max(1, attempts) * ATTEMPT_SPAN + FINAL_STEP;
    }

    /** Whether a client whose last event was {@code lastSeen} has seen event {@code id} or a newer one. */
    static boolean seen(long id, long lastSeen) {
        return id <= lastSeen;
    }

    /** An id this server did not give out counts as none: the client gets the whole current state. */
    static long lastSeen(String lastEventIdHeader) {
        try {
            return lastEventIdHeader == null ? 0 : Math.max(0, Long.parseLong(lastEventIdHeader.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
