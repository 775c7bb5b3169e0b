package io.orator.jobs;

import java.util.UUID;

/**
 * A transition of a job that took effect, fired by {@link JobTransitions} only, so dispatch,
 * metrics, live streams and operators can react without the job code knowing them. Observers
 * that must only see committed facts observe {@code during = TransactionPhase.AFTER_SUCCESS}.
 *
 * @param attempt the attempt the transition belongs to (0 before the first claim)
 * @param stats   what the run cost, on the outcomes of a run (SUCCEEDED, FAILED, CANCELLED by the
 *                worker); null otherwise
 */
public record JobEvent(UUID jobId, Kind kind, int attempt, RunStats stats) {

    public enum Kind {
        SUBMITTED, STARTED, CANCEL_REQUESTED, SUCCEEDED, FAILED, CANCELLED,
        /** Given back to the queue by the node running it: that node died, or is draining. */
        RECOVERED,
        /** An operator queued a failed or cancelled job again. */
        REQUEUED,
        /** Its audio was removed by retention or the storage quota; the history row stays. */
        EXPIRED,
        /** The job and its history row were deleted by a client. */
        DELETED,
        /** Its history row was removed after the history retention period. */
        PURGED
    }
}
