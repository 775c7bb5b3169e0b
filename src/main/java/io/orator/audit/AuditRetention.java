package io.orator.audit;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Forgets audit events older than {@code orator.audit.retention-days} (365), once an hour. */
@Singleton
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

    @Inject
    AuditLog log;

    @Inject
    @ConfigProperty(name = "orator.audit.retention-days", defaultValue = "365")
    Provider<Integer> retentionDays;

    @Schedule(hour = "*", minute = "17", persistent = false)
    void purge() {
        int purged = log.purgeBefore(Instant.now().minus(Duration.ofDays(retentionDays.get())));
        if (purged > 0) {
            LOG.info(() -> "Audit log: " + purged + " events past their retention removed");
        }
    }
}
