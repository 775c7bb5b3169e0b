package io.orator.jobs;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Idempotency-Keys clients sent, each with the job it made, for a limited time. */
@Stateless
public class IdempotencyKeys {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "orator.idempotency.retention-hours", defaultValue = "24")
    Provider<Integer> retentionHours;

    /** The key as remembered now; an expired one is as good as absent. */
    public Optional<IdempotencyKey> find(String client, String key) {
        return Optional.ofNullable(em.find(IdempotencyKey.class, new IdempotencyKey.Id(client, key)))
                .filter(k -> k.getExpiresAt().isAfter(JobClock.now()));
    }

    /**
     * Remembers a key with the job it made, in the caller's transaction, so the two commit
     * together. A concurrent request that remembered the same key first makes this one fail at
     * once ({@link IdempotencyKeyTaken}), and its transaction with it.
     */
    public void remember(String client, Idempotency idempotency, UUID job) {
        Instant now = JobClock.now();
        IdempotencyKey.Id id = new IdempotencyKey.Id(client, idempotency.key());
        em.createQuery("DELETE FROM IdempotencyKey k WHERE k.id = :id AND k.expiresAt <= :now")
                .setParameter("id", id).setParameter("now", now).executeUpdate();
        em.persist(new IdempotencyKey(id, idempotency.requestSha256(), job, now,
                now.plus(Duration.ofHours(retentionHours.get()))));
        try {
            em.flush();
        } catch (PersistenceException taken) {
            throw new IdempotencyKeyTaken(taken);
        }
    }

    /** Forgets keys past their time; answers how many. */
    public int purgeExpired() {
        return em.createQuery("DELETE FROM IdempotencyKey k WHERE k.expiresAt <= :now")
                .setParameter("now", JobClock.now()).executeUpdate();
    }
}
