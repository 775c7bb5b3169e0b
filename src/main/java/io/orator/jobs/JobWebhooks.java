package io.orator.jobs;

import io.orator.clients.Caller;
import io.orator.webhooks.WebhookDestinations;
import io.orator.webhooks.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * A job's completion webhook: the URL a submission names ({@code webhookUrl}) or, without one,
 * its client's default ({@code orator.client.<client>.webhook-url}); and, when the job ends
 * (SUCCEEDED, FAILED or CANCELLED), its final state put in the outbox in the same transaction
 * as the change that ended it, so the notification exists exactly when the final state does.
 */
@ApplicationScoped
public class JobWebhooks {

    private static final Set<JobEvent.Kind> FINAL = Set.of(JobEvent.Kind.SUCCEEDED, JobEvent.Kind.FAILED,
            JobEvent.Kind.CANCELLED);

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookDestinations destinations;

    @Inject
    Config config;

    /** The URL the new job of {@code caller} reports to, checked; null for none. */
    String destination(Caller caller, String requested) {
        if (requested != null && !requested.isBlank()) {
            return destinations.validate("webhookUrl", requested.trim());
        }
        Optional<String> fallback = config.getOptionalValue("orator.client." + caller.client() + ".webhook-url", String.class)
                .filter(url -> !url.isBlank());
        return fallback.map(url -> destinations.validate("webhookUrl", url.trim())).orElse(null);
    }

    /** Runs inside the transition's transaction: the outbox row commits or rolls back with it. */
    void onJobEvent(@Observes JobEvent event) {
        if (!FINAL.contains(event.kind())) {
            return;
        }
        SynthesisJob job = em.find(SynthesisJob.class, event.jobId());
        if (job == null || job.getWebhookUrl() == null) {
            return;
        }
        // The transition was a bulk UPDATE, which an entity already in this context does not see.
        em.refresh(job);
        String type = "job." + event.kind().name().toLowerCase(Locale.ROOT);
        String payload = Json.createObjectBuilder().add("type", type).add("timestamp", JobClock.now().toString())
                .add("data", JobJson.of(job)).build().toString();
        outbox.enqueue(job.getId(), job.getClient(), job.getWebhookUrl(), type, payload);
    }
}
