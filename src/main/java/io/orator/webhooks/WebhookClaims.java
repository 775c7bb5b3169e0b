package io.orator.webhooks;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox's state changes, each a conditional UPDATE in its own transaction. A delivery is
 * claimed by one sender for a while before it is sent, so two nodes never send it both; a
 * sender that stops (undeploy, shutdown) gives back the claims it has not tried; one that dies
 * mid-way leaves claims that run out, and those deliveries are sent again then (at least once,
 * with the same {@code webhook-id}). An outcome is recorded only by the claim's holder.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WebhookClaims {

    /** Longer than a try can take (its timeout), so a claim never runs out under a live sender. */
    static final Duration CLAIM = Duration.ofMinutes(2);

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    /** Up to {@code max} due deliveries, now held by {@code sender}. */
    public List<WebhookDelivery> claimDue(String sender, int max) {
        Instant now = now();
        List<UUID> due = em.createQuery("SELECT d.id FROM WebhookDelivery d WHERE d.status = :pending "
                        + "AND d.nextAttemptAt <= :now AND (d.claimedUntil IS NULL OR d.claimedUntil < :now) "
                        + "ORDER BY d.nextAttemptAt", UUID.class)
                .setParameter("pending", WebhookDelivery.Status.PENDING).setParameter("now", now)
                .setMaxResults(max).getResultList();
        List<WebhookDelivery> claimed = new ArrayList<>();
        for (UUID id : due) {
            int won = em.createQuery("UPDATE WebhookDelivery d SET d.claimedBy = :sender, d.claimedUntil = :until "
                            + "WHERE d.id = :id AND d.status = :pending AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)")
                    .setParameter("sender", sender).setParameter("until", now.plus(CLAIM)).setParameter("id", id)
                    .setParameter("pending", WebhookDelivery.Status.PENDING).setParameter("now", now)
                    .executeUpdate();
            if (won == 1) {
                claimed.add(em.find(WebhookDelivery.class, id));
            }
        }
        return claimed;
    }

    /** Gives back claims {@code sender} holds on deliveries it has not tried. */
    public int release(Collection<UUID> ids, String sender) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery("UPDATE WebhookDelivery d SET d.claimedBy = NULL, d.claimedUntil = NULL "
                        + "WHERE d.id IN :ids AND d.claimedBy = :sender AND d.status = :pending")
                .setParameter("ids", ids).setParameter("sender", sender)
                .setParameter("pending", WebhookDelivery.Status.PENDING).executeUpdate();
    }

    /**
     * Gives back the claims of this node's earlier senders, which stopped (an undeploy, a restart,
     * a kill) holding them: this node runs one sender at a time, so theirs are due now rather than
     * when they run out.
     *
     * @param node   this node's prefix of sender names, {@code <node>/}
     * @param sender the sender running now, whose claims stay
     */
    public int releaseEarlierSenders(String node, String sender) {
        return em.createQuery("UPDATE WebhookDelivery d SET d.claimedBy = NULL, d.claimedUntil = NULL "
                        + "WHERE d.status = :pending AND LOCATE(:node, d.claimedBy) = 1 AND d.claimedBy <> :sender")
                .setParameter("pending", WebhookDelivery.Status.PENDING)
                .setParameter("node", node).setParameter("sender", sender).executeUpdate();
    }

    /** A try got a 2xx. */
    public void delivered(UUID id, String sender, int status) {
        Instant now = now();
        em.createQuery("UPDATE WebhookDelivery d SET d.status = :delivered, d.attempts = d.attempts + 1, "
                        + "d.lastAttemptAt = :now, d.lastStatus = :status, d.lastError = NULL, d.deliveredAt = :now, "
                        + "d.claimedBy = NULL, d.claimedUntil = NULL WHERE d.id = :id AND d.claimedBy = :sender")
                .setParameter("delivered", WebhookDelivery.Status.DELIVERED).setParameter("now", now)
                .setParameter("status", status).setParameter("id", id).setParameter("sender", sender).executeUpdate();
    }

    /** A try failed: tried again after {@code retryIn}, or given up when there is none. */
    public void failed(UUID id, String sender, Integer status, String error, Optional<Duration> retryIn) {
        Instant now = now();
        em.createQuery("UPDATE WebhookDelivery d SET d.status = :next, d.attempts = d.attempts + 1, "
                        + "d.lastAttemptAt = :now, d.lastStatus = :status, d.lastError = :error, d.nextAttemptAt = :at, "
                        + "d.claimedBy = NULL, d.claimedUntil = NULL WHERE d.id = :id AND d.claimedBy = :sender")
                .setParameter("next", retryIn.isPresent() ? WebhookDelivery.Status.PENDING : WebhookDelivery.Status.FAILED)
                .setParameter("now", now).setParameter("status", status)
                .setParameter("error", error.length() > 500 ? error.substring(0, 500) : error)
                .setParameter("at", now.plus(retryIn.orElse(Duration.ZERO))).setParameter("id", id)
                .setParameter("sender", sender).executeUpdate();
    }

    /** An operator asks for another try of a delivery that was given up: it is due again now. */
    public boolean redeliver(UUID id) {
        return em.createQuery("UPDATE WebhookDelivery d SET d.status = :pending, d.nextAttemptAt = :now "
                        + "WHERE d.id = :id AND d.status = :failed")
                .setParameter("pending", WebhookDelivery.Status.PENDING).setParameter("now", now())
                .setParameter("id", id).setParameter("failed", WebhookDelivery.Status.FAILED).executeUpdate() == 1;
    }

    /** Removes delivered and given-up deliveries created before {@code before}; how many. */
    public int purgeOverBefore(Instant before) {
        return em.createQuery("DELETE FROM WebhookDelivery d WHERE d.status <> :pending AND d.createdAt < :before")
                .setParameter("pending", WebhookDelivery.Status.PENDING).setParameter("before", before).executeUpdate();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
