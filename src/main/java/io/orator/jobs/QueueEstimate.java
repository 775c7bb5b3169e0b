package io.orator.jobs;

import java.util.concurrent.TimeUnit;

/**
 * The arithmetic of {@link QueueAdmission}: the queue's depth as the last count plus the jobs
 * this server admitted that the count may have missed, those whose transactions had not ended
 * when it began. Not thread-safe: its owner guards it.
 */
final class QueueEstimate {

    /** How long a count is trusted before a submission starts a fresh one in the background. */
    static final long COUNT_VALID_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Queued jobs at a count; how many admissions had ended (committed or not) when it began. */
    record Count(long queued, long settledBefore, long startedNanos) {
    }

    private boolean counting;
    private Count last;
    private long admitted;
    private long settled;

    /**
     * Whether the estimate alone admits one more job; false with no count yet or at the limit,
     * where only a fresh count may decide.
     */
    boolean hasRoom(long limit) {
        return last != null && estimate() < limit;
    }

    /** Jobs queued by the last count and the admissions it may have missed; needs a count. */
    long estimate() {
        return last.queued() + admitted - last.settledBefore();
    }

    /** Admissions that have ended so far: what a count beginning now has seen at most. */
    long settled() {
        return settled;
    }

    void admit() {
        admitted++;
    }

    /** An admission's transaction ended, committed or rolled back. */
    void settle() {
        settled++;
    }

    /** Takes {@code count} unless a count that began later is already in. */
    void install(Count count) {
        if (last == null || count.startedNanos() - last.startedNanos() > 0) {
            last = count;
        }
    }

    /**
     * Whether a background count should begin at {@code nowNanos}: the last one is stale and none
     * is running. A true answer marks one running until {@link #countEnded()}.
     */
    boolean startCount(long nowNanos) {
        if (counting || nowNanos - last.startedNanos() < COUNT_VALID_NANOS) {
            return false;
        }
        counting = true;
        return true;
    }

    void countEnded() {
        counting = false;
    }
}
