package io.orator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.UUID;

/** Fires {@link JobEvent}s. */
@ApplicationScoped
public class JobEvents {

    @Inject
    Event<JobEvent> event;

    public void fire(UUID jobId, JobEvent.Kind kind) {
        event.fire(new JobEvent(jobId, kind));
    }
}
