package io.orator.webhooks;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Puts a notification in the outbox, inside the caller's transaction: it commits with the change it reports, or not at all. */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class WebhookOutbox {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    public UUID enqueue(UUID jobId, String client, String url, String eventType, String payload) {
        WebhookDelivery delivery = new WebhookDelivery(jobId, client, url, eventType, payload,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(delivery);
        return delivery.getId();
    }
}
