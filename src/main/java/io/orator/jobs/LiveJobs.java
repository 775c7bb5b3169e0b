package io.orator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/** Builds {@link LiveJob}s: the one view of a job that live streams, the dashboard and the MBeans show. */
@ApplicationScoped
public class LiveJobs {

    @Inject
    Jobs jobs;

    /** One job runs on a node at a time, so the latest progress is the only one worth keeping. */
    private volatile JobProgress latest;

    void onProgress(@Observes JobProgress progress) {
        latest = progress;
    }

    public Optional<LiveJob> find(UUID id) {
        return jobs.find(id).map(this::of);
    }

    /** {@code row} with the in-memory progress of its current attempt, if it runs here. */
    public LiveJob of(SynthesisJob row) {
        JobProgress progress = latest;
        boolean current = progress != null && row.getStatus() == JobStatus.RUNNING
                && progress.jobId().equals(row.getId()) && progress.attempt() == row.getAttempts();
        return new LiveJob(row, current ? Optional.of(progress) : Optional.empty());
    }
}
