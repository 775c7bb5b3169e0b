package io.orator.retention;

import io.orator.jobs.JobStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the cleanup asks the database, each a short read: which audio is due to go and which
 * files on disk a job still owns. The changes themselves are job transitions.
 */
@Stateless
public class RetentionQueries {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    public record StoredAudio(UUID id, String file, long bytes) {
    }

    public List<StoredAudio> expiredBefore(Instant now, int batch) {
        return em.createQuery("SELECT j.id, j.audioFile, j.audioBytes FROM SynthesisJob j WHERE j.status = :succeeded "
                        + "AND j.expiresAt < :now ORDER BY j.expiresAt", Object[].class)
                .setParameter("succeeded", JobStatus.SUCCEEDED).setParameter("now", now)
                .setMaxResults(batch).getResultList().stream().map(RetentionQueries::audio).toList();
    }

    /** A client's stored audio, oldest first, for the quotas. */
    public List<StoredAudio> oldestAudioOf(String client, int batch) {
        return em.createQuery("SELECT j.id, j.audioFile, j.audioBytes FROM SynthesisJob j WHERE j.status = :succeeded "
                        + "AND j.client = :client ORDER BY j.finishedAt, j.id", Object[].class)
                .setParameter("succeeded", JobStatus.SUCCEEDED).setParameter("client", client)
                .setMaxResults(batch).getResultList().stream().map(RetentionQueries::audio).toList();
    }

    /** Bytes of stored audio per client. */
    public Map<String, Long> storedBytesByClient() {
        Map<String, Long> stored = new HashMap<>();
        em.createQuery("SELECT j.client, SUM(j.audioBytes) FROM SynthesisJob j WHERE j.status = :succeeded "
                        + "GROUP BY j.client", Object[].class)
                .setParameter("succeeded", JobStatus.SUCCEEDED).getResultList()
                .forEach(row -> stored.put((String) row[0], row[1] == null ? 0 : ((Number) row[1]).longValue()));
        return stored;
    }

    public long storedBytes() {
        Long bytes = em.createQuery("SELECT SUM(j.audioBytes) FROM SynthesisJob j WHERE j.status = :succeeded", Long.class)
                .setParameter("succeeded", JobStatus.SUCCEEDED).getSingleResult();
        return bytes == null ? 0 : bytes;
    }

    /** The audio file names that SUCCEEDED jobs among {@code ids} point at: those must stay. */
    public Set<String> liveAudioFilesOf(Collection<UUID> ids) {
        return new HashSet<>(em.createQuery("SELECT j.audioFile FROM SynthesisJob j WHERE j.id IN :ids "
                        + "AND j.status = :succeeded", String.class)
                .setParameter("ids", ids).setParameter("succeeded", JobStatus.SUCCEEDED)
                .getResultList());
    }

    /** The jobs among {@code ids} that may still run (QUEUED or RUNNING), as id strings: their kept segments stay. */
    public Set<String> unfinishedJobsOf(Collection<UUID> ids) {
        Set<String> unfinished = new HashSet<>();
        em.createQuery("SELECT j.id FROM SynthesisJob j WHERE j.id IN :ids AND j.status IN :unfinished", UUID.class)
                .setParameter("ids", ids).setParameter("unfinished", List.of(JobStatus.QUEUED, JobStatus.RUNNING))
                .getResultList()
                .forEach(id -> unfinished.add(id.toString()));
        return unfinished;
    }

    /** The attempts running now among the jobs {@code ids}, as {@code "<id>-<attempt>"}: their temp files stay. */
    public Set<String> runningAttemptsOf(Collection<UUID> ids) {
        Set<String> running = new HashSet<>();
        em.createQuery("SELECT j.id, j.attempts FROM SynthesisJob j WHERE j.id IN :ids AND j.status = :running",
                        Object[].class)
                .setParameter("ids", ids).setParameter("running", JobStatus.RUNNING)
                .getResultList()
                .forEach(row -> running.add(row[0] + "-" + row[1]));
        return running;
    }

    private static StoredAudio audio(Object[] row) {
        return new StoredAudio((UUID) row[0], (String) row[1], row[2] == null ? 0 : (Long) row[2]);
    }
}
