package io.orator.webhooks;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets deliveries that are over (delivered or given up) after
 * {@code orator.webhooks.log-retention-days} (30), once an hour, so the outbox does not grow
 * with every job ever run. Pending deliveries stay whatever their age.
 */
@Singleton
public class WebhookLogRetention {

    private static final Logger LOG = Logger.getLogger(WebhookLogRetention.class.getName());

    @Inject
    WebhookClaims claims;

    @Inject
    @ConfigProperty(name = "orator.webhooks.log-retention-days", defaultValue = "30")
    Provider<Integer> retentionDays;

    @Schedule(hour = "*", minute = "23", persistent = false)
    void purge() {
        int purged = claims.purgeOverBefore(Instant.now().minus(Duration.ofDays(retentionDays.get())));
        if (purged > 0) {
            LOG.info(() -> "Webhook log: " + purged + " deliveries past their retention removed");
        }
    }
}
