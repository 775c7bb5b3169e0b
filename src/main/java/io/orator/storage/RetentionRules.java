package io.orator.storage;

import io.orator.jobs.JobStatus;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The database side of cleanup, one short transaction per call: which audio is due to go, and
 * marking jobs EXPIRED only after their file is gone (the row stays as history).
 */
@Stateless
public class RetentionRules {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    AudioStore store;

    public record StoredAudio(UUID id, String file, long bytes) {
    }

    public List<StoredAudio> expiredBefore(Instant now, int batch) {
        return em.createQuery("SELECT j.id, j.audioFile, j.audioBytes FROM SynthesisJob j WHERE j.status = :succeeded "
                        + "AND j.expiresAt < :now ORDER BY j.expiresAt", Object[].class)
                .setParameter("succeeded", JobStatus.SUCCEEDED).setParameter("now", now)
                .setMaxResults(batch).getResultList().stream().map(RetentionRules::audio).toList();
    }

    /** Stored audio oldest first, for the quota. */
    public List<StoredAudio> oldestAudio(int batch) {
        return em.createQuery("SELECT j.id, j.audioFile, j.audioBytes FROM SynthesisJob j WHERE j.status = :succeeded "
                        + "ORDER BY j.finishedAt, j.id", Object[].class)
                .setParameter("succeeded", JobStatus.SUCCEEDED)
                .setMaxResults(batch).getResultList().stream().map(RetentionRules::audio).toList();
    }

    public long storedBytes() {
        Long bytes = em.createQuery("SELECT SUM(j.audioBytes) FROM SynthesisJob j WHERE j.status = :succeeded", Long.class)
                .setParameter("succeeded", JobStatus.SUCCEEDED).getSingleResult();
        return bytes == null ? 0 : bytes;
    }

    /** Deletes the audio and marks the job EXPIRED; false when the job changed meanwhile. */
    public boolean expire(StoredAudio audio, Instant now) {
        int updated = em.createQuery("UPDATE SynthesisJob j SET j.status = :expired, j.expiresAt = "
                        + "CASE WHEN j.expiresAt < :now THEN j.expiresAt ELSE :now END "
                        + "WHERE j.id = :id AND j.status = :succeeded")
                .setParameter("expired", JobStatus.EXPIRED).setParameter("now", now)
                .setParameter("id", audio.id()).setParameter("succeeded", JobStatus.SUCCEEDED)
                .executeUpdate();
        if (updated == 1) {
            // The file goes after the row is updated in this transaction; if deletion fails the
            // orphan sweep removes it later, and no SUCCEEDED job ever points at a missing file.
            store.delete(audio.file());
        }
        return updated == 1;
    }

    /** Which of {@code ids} are SUCCEEDED jobs, whose audio must stay. */
    public Set<UUID> liveAudioAmong(Collection<UUID> ids) {
        return new HashSet<>(em.createQuery("SELECT j.id FROM SynthesisJob j WHERE j.id IN :ids AND j.status = :succeeded",
                        UUID.class)
                .setParameter("ids", ids).setParameter("succeeded", JobStatus.SUCCEEDED)
                .getResultList());
    }

    public int purgeHistoryBefore(Instant cutoff) {
        return em.createQuery("DELETE FROM SynthesisJob j WHERE j.status IN :finished AND j.createdAt < :cutoff")
                .setParameter("finished", List.of(JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED))
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }

    private static StoredAudio audio(Object[] row) {
        return new StoredAudio((UUID) row[0], (String) row[1], row[2] == null ? 0 : (Long) row[2]);
    }
}
