package io.orator.jobs;

import java.util.UUID;

/**
 * Something that happened to a job, fired as a CDI event so dispatch and metrics can react
 * without the job code knowing them. Observers that must only see committed facts observe
 * {@code during = TransactionPhase.AFTER_SUCCESS}.
 */
public record JobEvent(UUID jobId, Kind kind) {

    public enum Kind {
        SUBMITTED, CANCEL_REQUESTED, STARTED, SUCCEEDED, FAILED, CANCELLED, EXPIRED,
        /** An operator queued a failed or cancelled job again. */
        REQUEUED,
        /** The job and its history row were deleted. */
        DELETED
    }
}
