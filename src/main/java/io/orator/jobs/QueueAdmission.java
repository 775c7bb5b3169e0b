package io.orator.jobs;

import io.orator.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the queue within {@code orator.queue.max-depth} without counting the whole queue on
 * every submission (a count walks every queued row, so it slowed each submission down as the
 * queue grew). A count stands for half a second, plus the jobs this server admitted since;
 * jobs that started meanwhile only make that estimate high, and a submission the estimate would
 * refuse is decided by a fresh count. So nobody is refused while there is room; only jobs other
 * servers queued within the last half second can carry the queue past its limit.
 */
@ApplicationScoped
public class QueueAdmission {

    private static final long COUNT_VALID_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    @Inject
    QueueStatistics statistics;

    @Inject
    JobLimits limits;

    private long estimate;
    private long countedAt;
    private boolean counted;

    /**
     * Admits one more job into the queue.
     *
     * @throws ProblemException 429 with {@code Retry-After} when the queue is full
     */
    public synchronized void admitOne() {
        long now = System.nanoTime();
        if (!counted || now - countedAt > COUNT_VALID_NANOS || estimate >= limits.maxQueueDepth()) {
            estimate = statistics.queueDepth();
            countedAt = now;
            counted = true;
        }
        if (estimate >= limits.maxQueueDepth()) {
            throw new ProblemException(429, "queue-full", "Queue full",
                    "The queue holds " + estimate + " jobs, its limit; try again later", List.of(),
                    Map.of("Retry-After", String.valueOf(limits.retryAfterSeconds())));
        }
        estimate++;
    }
}
