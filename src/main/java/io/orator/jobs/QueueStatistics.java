package io.orator.jobs;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Counts that health checks, metrics and operators read from the job table. */
@Stateless
public class QueueStatistics {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    public long count(JobStatus status) {
        return em.createQuery("SELECT COUNT(j) FROM SynthesisJob j WHERE j.status = :status", Long.class)
                .setParameter("status", status).getSingleResult();
    }

    public long queueDepth() {
        return count(JobStatus.QUEUED);
    }
}
