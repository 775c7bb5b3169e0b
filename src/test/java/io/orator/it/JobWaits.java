package io.orator.it;

import io.orator.jobs.JobStatus;
import io.orator.jobs.Jobs;
import io.orator.jobs.SynthesisJob;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Waits inside the server for a job to reach a status, read through {@link Jobs}; the tests that
 * run in the server add it (and {@link Api}) to their deployment. Over HTTP, use
 * {@link Api#awaitStatus}.
 */
public final class JobWaits {

    /** Long enough for a neural job on a busy machine; a wait ends as soon as the job gets there. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private JobWaits() {
    }

    /** Polls the job until it reaches one of {@code statuses} and returns it as it was then. */
    public static SynthesisJob awaitJob(Jobs jobs, UUID id, JobStatus... statuses) {
        Set<JobStatus> wanted = EnumSet.copyOf(List.of(statuses));
        return Api.await(() -> jobs.get(id), job -> wanted.contains(job.getStatus()), TIMEOUT,
                "job " + id + " reaching " + wanted);
    }

    /** Polls the job until it has a final status. */
    public static SynthesisJob awaitFinished(Jobs jobs, UUID id) {
        return Api.await(() -> jobs.get(id), job -> job.getStatus().isFinished(), TIMEOUT, "job " + id + " to finish");
    }
}
