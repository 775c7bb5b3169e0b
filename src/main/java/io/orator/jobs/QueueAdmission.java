package io.orator.jobs;

import io.orator.platform.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Keeps the queue within {@code orator.queue.max-depth} without counting the queue on every
 * submission: a count walks every queued row, so it slowed each submission down as the queue
 * grew, and serialized them while it ran. A submission is checked against the last count plus
 * the jobs this server admitted that the count may have missed: those whose transactions had
 * not ended when it began (admitted later, or still committing). Counts are refreshed in the background
 * twice a second; jobs that started meanwhile only make the estimate high, and a submission the
 * estimate would refuse is decided by a fresh count. So nobody is refused while there is room;
 * only jobs other servers queued within the last half second can carry the queue past its limit.
 */
@ApplicationScoped
public class QueueAdmission {

    @Inject
    QueueStatistics statistics;

    @Inject
    JobLimits limits;

    @Resource
    ManagedExecutorService executor;

    @Resource
    TransactionSynchronizationRegistry transactions;

    // Guarded by this.
    private final QueueEstimate queue = new QueueEstimate();

    /**
     * Admits one more job into the queue.
     *
     * @throws ProblemException 429 with {@code Retry-After} when the queue is full
     */
    public void admitOne() {
        synchronized (this) {
            if (queue.hasRoom(limits.maxQueueDepth())) {
                refreshInBackgroundWhenStale();
                admit();
                return;
            }
        }
        // No count yet, or the estimate says full: only a fresh count may refuse.
        long settledBefore;
        long started;
        synchronized (this) {
            settledBefore = queue.settled();
            started = System.nanoTime();
        }
        long queued = statistics.queueDepth();
        synchronized (this) {
            queue.install(new QueueEstimate.Count(queued, settledBefore, started));
            if (!queue.hasRoom(limits.maxQueueDepth())) {
                throw new ProblemException(429, "queue-full", "Queue full",
                        "The queue holds " + queue.estimate() + " jobs, its limit; try again later", List.of(),
                        Map.of("Retry-After", String.valueOf(limits.retryAfterSeconds())));
            }
            admit();
        }
    }

    /** Counts the admission, and counts it as settled when the submitting transaction ends. */
    private void admit() {
        queue.admit();
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    synchronized (QueueAdmission.this) {
                        queue.settle();
                    }
                }
            });
        } else {
            queue.settle();
        }
    }

    private void refreshInBackgroundWhenStale() {
        long now = System.nanoTime();
        if (!queue.startCount(now)) {
            return;
        }
        long settledBefore = queue.settled();
        try {
            executor.execute(() -> {
                try {
                    long queued = statistics.queueDepth();
                    synchronized (this) {
                        queue.install(new QueueEstimate.Count(queued, settledBefore, now));
                    }
                } finally {
                    synchronized (this) {
                        queue.countEnded();
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            queue.countEnded();
        }
    }
}
