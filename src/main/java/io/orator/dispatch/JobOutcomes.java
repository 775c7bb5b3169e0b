package io.orator.dispatch;

import io.orator.jobs.JobStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Records what the worker did with a claimed job: progress, and exactly one final outcome.
 * Each write only applies while the job is still RUNNING on this node, so a job that was
 * deleted, timed out by the watchdog, or recovered elsewhere is never overwritten.
 */
@Stateless
public class JobOutcomes {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    /** The job's spoken content as stored at submission; the worker runs from the database alone. */
    public JobContent content(UUID id) {
        Object[] row = em.createQuery("SELECT j.turns, j.voices, j.speed, j.retentionHours FROM SynthesisJob j "
                + "WHERE j.id = :id", Object[].class).setParameter("id", id).getSingleResult();
        return new JobContent((String) row[0], (String) row[1], (Double) row[2], (Integer) row[3]);
    }

    /**
     * Stores progress and answers whether the job should go on: false once a cancel was
     * requested or the job is no longer ours.
     */
    public boolean progress(UUID id, String node, int chunksDone, int chunksTotal) {
        int updated = em.createQuery("UPDATE SynthesisJob j SET j.chunksDone = :done, j.chunksTotal = :total, "
                        + "j.progress = :progress, j.heartbeatAt = :now WHERE j.id = :id AND j.node = :node "
                        + "AND j.status = :running")
                .setParameter("done", chunksDone).setParameter("total", chunksTotal)
                .setParameter("progress", chunksTotal == 0 ? 0.0 : (double) chunksDone / chunksTotal)
                .setParameter("now", now()).setParameter("id", id).setParameter("node", node)
                .setParameter("running", JobStatus.RUNNING)
                .executeUpdate();
        return updated == 1 && !isCancelRequested(id);
    }

    public boolean isCancelRequested(UUID id) {
        List<Boolean> cancel = em.createQuery("SELECT j.cancelRequested FROM SynthesisJob j WHERE j.id = :id", Boolean.class)
                .setParameter("id", id).getResultList();
        return !cancel.isEmpty() && cancel.get(0);
    }

    public boolean succeed(UUID id, String node, String audioFile, long bytes, double seconds, int sampleRate,
                    int chunksTotal, Duration retention, RunStats stats) {
        Instant now = now();
        Query update = em.createQuery("UPDATE SynthesisJob j SET j.status = :succeeded, j.finishedAt = :now, "
                + "j.progress = 1, j.chunksDone = :total, j.chunksTotal = :total, j.audioFile = :file, "
                + "j.audioBytes = :bytes, j.audioSeconds = :seconds, j.audioSampleRate = :rate, j.expiresAt = :expires, "
                + "j.errorCode = NULL, j.errorMessage = NULL, " + STATS + " WHERE " + OURS)
                .setParameter("succeeded", JobStatus.SUCCEEDED).setParameter("total", chunksTotal)
                .setParameter("file", audioFile).setParameter("bytes", bytes).setParameter("seconds", seconds)
                .setParameter("rate", sampleRate).setParameter("expires", now.plus(retention));
        return finish(update, id, node, now, stats);
    }

    public boolean fail(UUID id, String node, String code, String message, RunStats stats) {
        return end(id, node, JobStatus.FAILED, code, message, stats);
    }

    public boolean cancelled(UUID id, String node, RunStats stats) {
        return end(id, node, JobStatus.CANCELLED, null, null, stats);
    }

    private boolean end(UUID id, String node, JobStatus status, String code, String message, RunStats stats) {
        Query update = em.createQuery("UPDATE SynthesisJob j SET j.status = :status, j.finishedAt = :now, "
                        + "j.errorCode = :code, j.errorMessage = :message, " + STATS + " WHERE " + OURS)
                .setParameter("status", status).setParameter("code", code)
                .setParameter("message", message == null ? null : truncate(message));
        return finish(update, id, node, now(), stats);
    }

    private boolean finish(Query update, UUID id, String node, Instant now, RunStats stats) {
        return update.setParameter("now", now)
                .setParameter("millis", stats.synthesisMillis()).setParameter("rtf", stats.realTimeFactor())
                .setParameter("rssBefore", stats.rssBytesBefore()).setParameter("rssAfter", stats.rssBytesAfter())
                .setParameter("gpuBefore", stats.gpuBytesBefore()).setParameter("gpuAfter", stats.gpuBytesAfter())
                .setParameter("skipped", stats.skippedPhonemes())
                .setParameter("id", id).setParameter("node", node).setParameter("running", JobStatus.RUNNING)
                .executeUpdate() == 1;
    }

    private static final String STATS = "j.synthesisMillis = :millis, j.realTimeFactor = :rtf, "
            + "j.rssBytesBefore = :rssBefore, j.rssBytesAfter = :rssAfter, "
            + "j.gpuBytesBefore = :gpuBefore, j.gpuBytesAfter = :gpuAfter, j.skippedPhonemes = :skipped";
    private static final String OURS = "j.id = :id AND j.node = :node AND j.status = :running";
    private static final int MAX_MESSAGE = 2000;

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
