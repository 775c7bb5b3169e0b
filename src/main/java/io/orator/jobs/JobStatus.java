package io.orator.jobs;

/** Where a job is in its life. QUEUED and RUNNING are live; the rest are final. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }
}
