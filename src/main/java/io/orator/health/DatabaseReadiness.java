package io.orator.health;

import io.orator.jobs.QueueStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the job database answers; reports the queue depth it read. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class.getName());

    @Inject
    QueueStatistics queue;

    @Override
    public HealthCheckResponse call() {
        long started = System.nanoTime();
        try {
            long depth = queue.queueDepth();
            return HealthCheckResponse.named("database").up()
                    .withData("queueDepth", depth)
                    .withData("queryMillis", (System.nanoTime() - started) / 1_000_000)
                    .build();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Database check failed: " + e.getMessage());
            return HealthCheckResponse.named("database").down().withData("error", "database unreachable").build();
        }
    }
}
