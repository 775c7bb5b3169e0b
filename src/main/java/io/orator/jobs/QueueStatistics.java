package io.orator.jobs;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /** How many jobs are in each status now; statuses without jobs count 0. */
    public Map<JobStatus, Long> countsByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        em.createQuery("SELECT j.status, COUNT(j) FROM SynthesisJob j GROUP BY j.status", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((JobStatus) row[0], (Long) row[1]));
        return counts;
    }

    /**
     * Jobs that finished in each of the last {@code hours} hours (whole UTC hours, oldest first,
     * the current hour last), by final status. Expired jobs count under the outcome they had.
     */
    public SortedMap<Instant, Map<String, Long>> finishedPerHour(int hours) {
        Instant currentHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant since = currentHour.minus(hours - 1L, ChronoUnit.HOURS);
        SortedMap<Instant, Map<String, Long>> perHour = new TreeMap<>();
        for (int h = 0; h < hours; h++) {
            perHour.put(since.plus(h, ChronoUnit.HOURS), new TreeMap<>(Map.of("SUCCEEDED", 0L, "FAILED", 0L, "CANCELLED", 0L)));
        }
        List<Object[]> rows = em.createQuery("SELECT j.status, j.finishedAt FROM SynthesisJob j "
                        + "WHERE j.finishedAt >= :since", Object[].class)
                .setParameter("since", since).getResultList();
        for (Object[] row : rows) {
            JobStatus status = (JobStatus) row[0];
            String outcome = status == JobStatus.EXPIRED ? JobStatus.SUCCEEDED.name() : status.name();
            Map<String, Long> bucket = perHour.get(((Instant) row[1]).truncatedTo(ChronoUnit.HOURS));
            if (bucket != null) {
                bucket.merge(outcome, 1L, Long::sum);
            }
        }
        return perHour;
    }
}
