package io.orator.jobs;

import io.orator.platform.AfterCommit;
import io.orator.storage.AudioStore;
import io.orator.synthesis.SpokenAudio;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Every change of a job's state, in one place. Each change is one conditional UPDATE or DELETE
 * on the state it leaves (and, for what a running attempt writes, on the node and the attempt
 * that own the job), so racing writers (two nodes, a late worker, an operator) can never both
 * win: the loser's statement matches no row and changes nothing. A {@link JobEvent} is fired
 * exactly when a statement took effect. Audio files go only after the transaction that dropped
 * their row has committed.
 */
@Stateless
public class JobTransitions {

    private static final Logger LOG = Logger.getLogger(JobTransitions.class.getName());

    /** Candidates read per claim: enough that a claim lost to another node finds the next job. */
    private static final int CLAIM_CANDIDATES = 8;
    private static final int MAX_MESSAGE = 2000;
    private static final List<JobStatus> RETRYABLE = List.of(JobStatus.FAILED, JobStatus.CANCELLED);
    private static final List<JobStatus> HISTORY = List.of(JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED);

    /** What a job forgets when it goes back to the queue: everything its last run wrote. */
    private static final String FORGET_RUN = "j.node = NULL, j.startedAt = NULL, j.heartbeatAt = NULL, "
            + "j.deadlineAt = NULL, j.finishedAt = NULL, j.cancelRequested = false, j.errorCode = NULL, "
            + "j.errorMessage = NULL, j.progress = 0, j.chunksDone = 0, j.chunksTotal = 0";
    /** The job is still running in this attempt on this node. */
    private static final String OWNED = "j.id = :id AND j.node = :node AND j.attempts = :attempt AND j.status = :running";
    private static final String RUN_STATS = "j.synthesisMillis = :millis, j.realTimeFactor = :rtf, "
            + "j.rssBytesBefore = :rssBefore, j.rssBytesAfter = :rssAfter, "
            + "j.gpuBytesBefore = :gpuBefore, j.gpuBytesAfter = :gpuAfter, j.skippedPhonemes = :skipped";

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    Event<JobEvent> events;

    @Inject
    AudioStore audio;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ClaimRaces claimRaces;

    @Resource
    SessionContext context;

    /** What a running attempt should do after reporting progress. */
    public enum Verdict { GO_ON, CANCEL_REQUESTED, LOST }

    /** What a client's cancel did. */
    public enum CancelResult { CANCELLED, REQUESTED, ALREADY_FINISHED }

    // --- Queue ---------------------------------------------------------------------------------

    /** Stores a new QUEUED job. */
    public void queue(SynthesisJob job) {
        em.persist(job);
        fire(job.getId(), JobEvent.Kind.SUBMITTED, 0, null);
    }

    /**
     * Claims the oldest queued job for {@code node}, or nothing when the queue is empty. Commits
     * before it returns: the worker that gets the job runs in transactions of its own, and until
     * the claim commits they would see the job still QUEUED and give it up as lost.
     *
     * @param deadline how long a job of so many characters may run
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Claim> claimNext(String node, Function<Integer, Duration> deadline) {
        List<Object[]> candidates = em.createQuery("SELECT j.id, j.attempts, j.characters FROM SynthesisJob j "
                        + "WHERE j.status = :queued ORDER BY j.createdAt, j.id", Object[].class)
                .setParameter("queued", JobStatus.QUEUED)
                .setMaxResults(CLAIM_CANDIDATES)
                .getResultList();
        for (Object[] candidate : candidates) {
            UUID id = (UUID) candidate[0];
            int attempt = (Integer) candidate[1] + 1;
            int characters = (Integer) candidate[2];
            Instant now = JobClock.now();
            Instant deadlineAt = now.plus(deadline.apply(characters));
            int claimed = em.createQuery("UPDATE SynthesisJob j SET j.status = :running, j.node = :node, "
                            + "j.attempts = :attempt, j.startedAt = :now, j.heartbeatAt = :now, j.deadlineAt = :deadline "
                            + "WHERE j.id = :id AND j.status = :queued AND j.attempts = :previous")
                    .setParameter("running", JobStatus.RUNNING).setParameter("node", node)
                    .setParameter("attempt", attempt).setParameter("now", now).setParameter("deadline", deadlineAt)
                    .setParameter("id", id).setParameter("queued", JobStatus.QUEUED)
                    .setParameter("previous", attempt - 1)
                    .executeUpdate();
            if (claimed == 1) {
                claimRaces.countWin();
                fire(id, JobEvent.Kind.STARTED, attempt, null);
                return Optional.of(new Claim(id, node, attempt, characters, deadlineAt));
            }
            claimRaces.countLoss();
        }
        return Optional.empty();
    }

    // --- What a running attempt writes -----------------------------------------------------------

    /**
     * Tells other nodes the attempt is alive; a no-op once it is not the current one. Commits on
     * its own: the dispatcher's timer calls it inside a longer transaction, which must not hold
     * the running job's row while the worker records the job's outcome.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void heartbeat(Claim claim) {
        owned(em.createQuery("UPDATE SynthesisJob j SET j.heartbeatAt = :now WHERE " + OWNED)
                .setParameter("now", JobClock.now()), claim).executeUpdate();
    }

    /** Stores progress (a heartbeat too) and says whether the attempt should go on. */
    public Verdict progress(Claim claim, int chunksDone, int chunksTotal) {
        int updated = owned(em.createQuery("UPDATE SynthesisJob j SET j.chunksDone = :done, j.chunksTotal = :total, "
                        + "j.progress = :progress, j.heartbeatAt = :now WHERE " + OWNED)
                .setParameter("done", chunksDone).setParameter("total", chunksTotal)
                .setParameter("progress", chunksTotal == 0 ? 0.0 : (double) chunksDone / chunksTotal)
                .setParameter("now", JobClock.now()), claim)
                .executeUpdate();
        if (updated == 0) {
            return Verdict.LOST;
        }
        return isCancelRequested(claim.id()) ? Verdict.CANCEL_REQUESTED : Verdict.GO_ON;
    }

    /**
     * Records where the running attempt could be continued from: its kept segments and the state
     * after them. False when the attempt is no longer the job's current one, whose checkpoint
     * stays as it was.
     */
    public boolean checkpoint(Claim claim, String resumePoint) {
        return owned(em.createQuery("UPDATE SynthesisJob j SET j.checkpoint = :checkpoint, j.heartbeatAt = :now WHERE "
                        + OWNED)
                .setParameter("checkpoint", resumePoint).setParameter("now", JobClock.now()), claim)
                .executeUpdate() == 1;
    }

    /** Whether a client asked the job to stop. */
    public boolean isCancelRequested(UUID id) {
        List<Boolean> cancel = em.createQuery("SELECT j.cancelRequested FROM SynthesisJob j WHERE j.id = :id", Boolean.class)
                .setParameter("id", id).getResultList();
        return !cancel.isEmpty() && cancel.get(0);
    }

    /**
     * The attempt's audio is complete and stored as {@code audioName}: the job SUCCEEDED. False when
     * the attempt is no longer the job's current one; its audio then belongs to no job and is the
     * caller's to remove.
     */
    public boolean succeed(Claim claim, String audioName, SpokenAudio spoken, Duration retention, RunStats stats) {
        Instant now = JobClock.now();
        Query update = em.createQuery("UPDATE SynthesisJob j SET j.status = :succeeded, j.finishedAt = :now, "
                        + "j.progress = 1, j.chunksDone = :total, j.chunksTotal = :total, j.audioFile = :file, "
                        + "j.audioBytes = :bytes, j.audioSeconds = :seconds, j.audioSampleRate = :rate, "
                        + "j.expiresAt = :expires, j.errorCode = NULL, j.errorMessage = NULL, j.checkpoint = NULL, " + RUN_STATS
                        + " WHERE " + OWNED)
                .setParameter("succeeded", JobStatus.SUCCEEDED).setParameter("now", now)
                .setParameter("total", spoken.chunks()).setParameter("file", audioName)
                .setParameter("bytes", spoken.bytes()).setParameter("seconds", spoken.seconds())
                .setParameter("rate", spoken.sampleRate()).setParameter("expires", now.plus(retention));
        return end(update, claim, stats, JobEvent.Kind.SUCCEEDED);
    }

    /**
     * The attempt's node is draining: the job goes back to the queue with its checkpoint, for
     * any node to continue after its last kept segment. False when the attempt is no longer the
     * job's current one.
     */
    public boolean handBack(Claim claim, int chunksKept, int chunksTotal) {
        // The progress kept stays in view while the job waits, and the next attempt goes on from it.
        // A cancel asked meanwhile stays asked: the next attempt sees it at once.
        // A hand-back is no crash: the attempt does not count against orator.recovery.max-attempts.
        boolean handed = owned(em.createQuery("UPDATE SynthesisJob j SET j.status = :queued, j.node = NULL, "
                        + "j.startedAt = NULL, j.heartbeatAt = NULL, j.deadlineAt = NULL, j.freeAttempts = j.freeAttempts + 1, "
                        + "j.chunksDone = :kept, j.chunksTotal = :total, j.progress = :progress WHERE " + OWNED)
                .setParameter("queued", JobStatus.QUEUED).setParameter("kept", chunksKept).setParameter("total", chunksTotal)
                .setParameter("progress", chunksTotal == 0 ? 0.0 : (double) chunksKept / chunksTotal), claim)
                .executeUpdate() == 1;
        if (handed) {
            fire(claim.id(), JobEvent.Kind.RECOVERED, claim.attempt(), null);
        }
        return handed;
    }

    /** The attempt failed with {@code code}; false when it is no longer the job's current one. */
    public boolean fail(Claim claim, String code, String message, RunStats stats) {
        return end(claim, JobStatus.FAILED, code, message, stats, JobEvent.Kind.FAILED);
    }

    /** The attempt stopped on a client's cancel; false when it is no longer the job's current one. */
    public boolean cancelled(Claim claim, RunStats stats) {
        return end(claim, JobStatus.CANCELLED, null, null, stats, JobEvent.Kind.CANCELLED);
    }

    private boolean end(Claim claim, JobStatus status, String code, String message, RunStats stats, JobEvent.Kind kind) {
        Query update = em.createQuery("UPDATE SynthesisJob j SET j.status = :status, j.finishedAt = :now, "
                        + "j.errorCode = :code, j.errorMessage = :message, j.checkpoint = NULL, " + RUN_STATS + " WHERE " + OWNED)
                .setParameter("status", status).setParameter("now", JobClock.now()).setParameter("code", code)
                .setParameter("message", message == null ? null : truncate(message));
        return end(update, claim, stats, kind);
    }

    private boolean end(Query update, Claim claim, RunStats stats, JobEvent.Kind kind) {
        int updated = owned(update, claim)
                .setParameter("millis", stats.synthesisMillis()).setParameter("rtf", stats.realTimeFactor())
                .setParameter("rssBefore", stats.rssBytesBefore()).setParameter("rssAfter", stats.rssBytesAfter())
                .setParameter("gpuBefore", stats.gpuBytesBefore()).setParameter("gpuAfter", stats.gpuBytesAfter())
                .setParameter("skipped", stats.skippedPhonemes())
                .executeUpdate();
        if (updated == 1) {
            fire(claim.id(), kind, claim.attempt(), stats);
        }
        return updated == 1;
    }

    // --- What clients and operators do -----------------------------------------------------------

    /** Cancels a queued job at once; asks a running one to stop at its next chunk boundary. */
    public CancelResult cancel(UUID id) {
        int cancelledQueued = em.createQuery("UPDATE SynthesisJob j SET j.status = :cancelled, j.finishedAt = :now, "
                        + "j.cancelRequested = true, j.checkpoint = NULL WHERE j.id = :id AND j.status = :queued")
                .setParameter("cancelled", JobStatus.CANCELLED).setParameter("now", JobClock.now())
                .setParameter("id", id).setParameter("queued", JobStatus.QUEUED)
                .executeUpdate();
        if (cancelledQueued == 1) {
            fire(id, JobEvent.Kind.CANCELLED, attemptOf(id), null);
            return CancelResult.CANCELLED;
        }
        int requested = em.createQuery("UPDATE SynthesisJob j SET j.cancelRequested = true "
                        + "WHERE j.id = :id AND j.status = :running")
                .setParameter("id", id).setParameter("running", JobStatus.RUNNING)
                .executeUpdate();
        if (requested == 1) {
            fire(id, JobEvent.Kind.CANCEL_REQUESTED, attemptOf(id), null);
            return CancelResult.REQUESTED;
        }
        return CancelResult.ALREADY_FINISHED;
    }

    /**
     * Queues a FAILED or CANCELLED job again: its last run is forgotten, its attempts are kept
     * (the next run is attempt n + 1) but no longer count against the crash limit, so a retried
     * job has all of {@code orator.recovery.max-attempts} again. False when the job is in any
     * other state.
     */
    public boolean retry(UUID id) {
        int requeued = em.createQuery("UPDATE SynthesisJob j SET j.status = :queued, j.freeAttempts = j.attempts, "
                        + FORGET_RUN + " WHERE j.id = :id AND j.status IN :retryable")
                .setParameter("queued", JobStatus.QUEUED).setParameter("id", id)
                .setParameter("retryable", RETRYABLE)
                .executeUpdate();
        if (requeued == 1) {
            fire(id, JobEvent.Kind.REQUEUED, attemptOf(id), null);
        }
        return requeued == 1;
    }

    /**
     * Deletes a job and its history row; a running attempt stops on the DELETED event, and its
     * later writes match no row. The audio goes once the deletion has committed. False when
     * there was no row.
     */
    public boolean delete(UUID id) {
        List<Object[]> rows = em.createQuery("SELECT j.attempts, j.audioFile FROM SynthesisJob j WHERE j.id = :id",
                Object[].class).setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        int attempt = (Integer) rows.get(0)[0];
        String file = (String) rows.get(0)[1];
        int deleted = em.createQuery("DELETE FROM SynthesisJob j WHERE j.id = :id").setParameter("id", id).executeUpdate();
        if (deleted == 0) {
            return false;
        }
        deleteAudioAfterCommit(file);
        fire(id, JobEvent.Kind.DELETED, attempt, null);
        return true;
    }

    // --- What the server does on its own ---------------------------------------------------------

    /**
     * Gives back RUNNING jobs whose process died: those of {@code node} when it starts (nothing of
     * its own can be running yet) and any node's whose heartbeat is older than {@code staleAfter}.
     * A job that used up its attempts fails instead of looping through crashes forever, and one
     * a client asked to cancel is cancelled instead of running again.
     *
     * @return how many jobs changed
     */
    public int recoverAbandoned(String node, boolean startingUp, Duration staleAfter, int maxAttempts) {
        Instant staleBefore = JobClock.now().minus(staleAfter);
        var found = em.createQuery("SELECT j.id, j.attempts, j.freeAttempts, j.cancelRequested FROM SynthesisJob j WHERE "
                        + abandoned(startingUp) + " ORDER BY j.id", Object[].class)
                .setParameter("running", JobStatus.RUNNING).setParameter("staleBefore", staleBefore);
        if (startingUp) {
            found.setParameter("node", node);
        }
        JobTransitions self = context.getBusinessObject(JobTransitions.class);
        int changed = 0;
        for (Object[] row : found.getResultList()) {
            Abandoned job = new Abandoned((UUID) row[0], (Integer) row[1], (Integer) row[2], (Boolean) row[3], node,
                    startingUp, staleBefore);
            changed += self.recover(job, maxAttempts) ? 1 : 0;
        }
        if (changed > 0) {
            int count = changed;
            LOG.warning(() -> "Recovered " + count + " jobs left RUNNING by a stopped server");
        }
        return changed;
    }

    /** A RUNNING job found abandoned, and how it was found so. */
    public record Abandoned(UUID id, int attempt, int freeAttempts, boolean cancelRequested, String node, boolean startingUp,
                            Instant staleBefore) {

        /** The attempts that ended in a crash, this one included: what the limit counts. */
        int crashes() {
            return attempt - freeAttempts;
        }
    }

    /**
     * Recovers one abandoned job in a transaction of its own, so recovering many holds one row
     * lock at a time and a client's write to another job never waits for the whole batch.
     * Guarded by the attempt found: an attempt that heartbeats or ends meanwhile keeps its job.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean recover(Abandoned job, int maxAttempts) {
        String set;
        JobStatus status;
        JobEvent.Kind kind;
        if (job.cancelRequested()) {
            set = "j.finishedAt = :now, j.checkpoint = NULL";
            status = JobStatus.CANCELLED;
            kind = JobEvent.Kind.CANCELLED;
        } else if (job.crashes() >= maxAttempts) {
            set = "j.finishedAt = :now, j.checkpoint = NULL, j.errorCode = 'ABANDONED', j.errorMessage = :message";
            status = JobStatus.FAILED;
            kind = JobEvent.Kind.FAILED;
        } else {
            set = FORGET_RUN;
            status = JobStatus.QUEUED;
            kind = JobEvent.Kind.RECOVERED;
        }
        Query update = em.createQuery("UPDATE SynthesisJob j SET j.status = :status, " + set
                        + " WHERE j.id = :id AND j.attempts = :attempt AND " + abandoned(job.startingUp()))
                .setParameter("status", status).setParameter("id", job.id()).setParameter("attempt", job.attempt())
                .setParameter("running", JobStatus.RUNNING).setParameter("staleBefore", job.staleBefore());
        if (status != JobStatus.QUEUED) {
            update.setParameter("now", JobClock.now());
        }
        if (status == JobStatus.FAILED) {
            update.setParameter("message", "The server running this job stopped " + maxAttempts
                    + " times before it finished; it will not be tried again");
        }
        if (job.startingUp()) {
            update.setParameter("node", job.node());
        }
        boolean recovered = update.executeUpdate() == 1;
        if (recovered) {
            fire(job.id(), kind, job.attempt(), null);
        }
        return recovered;
    }

    private static String abandoned(boolean startingUp) {
        return "j.status = :running AND (j.heartbeatAt < :staleBefore" + (startingUp ? " OR j.node = :node)" : ")");
    }

    /**
     * A SUCCEEDED job's audio is due to go (retention or quota): the job becomes EXPIRED, its row
     * stays as history, and the file is deleted once that has committed. False when the job
     * changed meanwhile.
     */
    public boolean expire(UUID id, String file, Instant now) {
        int updated = em.createQuery("UPDATE SynthesisJob j SET j.status = :expired, j.expiresAt = "
                        + "CASE WHEN j.expiresAt < :now THEN j.expiresAt ELSE :now END "
                        + "WHERE j.id = :id AND j.status = :succeeded AND j.audioFile = :file")
                .setParameter("expired", JobStatus.EXPIRED).setParameter("now", now)
                .setParameter("id", id).setParameter("succeeded", JobStatus.SUCCEEDED).setParameter("file", file)
                .executeUpdate();
        if (updated == 1) {
            deleteAudioAfterCommit(file);
            fire(id, JobEvent.Kind.EXPIRED, attemptOf(id), null);
        }
        return updated == 1;
    }

    /**
     * Removes up to {@code batch} history rows of jobs that finished without audio to keep
     * (failed, cancelled, expired) and were created before {@code cutoff}.
     *
     * @return how many rows went
     */
    public int purgeHistoryBefore(Instant cutoff, int batch) {
        List<UUID> due = em.createQuery("SELECT j.id FROM SynthesisJob j WHERE j.status IN :history "
                        + "AND j.createdAt < :cutoff ORDER BY j.createdAt", UUID.class)
                .setParameter("history", HISTORY).setParameter("cutoff", cutoff)
                .setMaxResults(batch).getResultList();
        int purged = 0;
        for (UUID id : due) {
            // Per row, so a job retried meanwhile (FAILED -> QUEUED) stays and only rows that went fire.
            if (em.createQuery("DELETE FROM SynthesisJob j WHERE j.id = :id AND j.status IN :history")
                    .setParameter("id", id).setParameter("history", HISTORY).executeUpdate() == 1) {
                purged++;
                fire(id, JobEvent.Kind.PURGED, 0, null);
            }
        }
        return purged;
    }

    // ---------------------------------------------------------------------------------------------

    private static Query owned(Query update, Claim claim) {
        return update.setParameter("id", claim.id()).setParameter("node", claim.node())
                .setParameter("attempt", claim.attempt()).setParameter("running", JobStatus.RUNNING);
    }

    private int attemptOf(UUID id) {
        List<Integer> attempts = em.createQuery("SELECT j.attempts FROM SynthesisJob j WHERE j.id = :id", Integer.class)
                .setParameter("id", id).getResultList();
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }

    private void deleteAudioAfterCommit(String file) {
        if (file != null) {
            afterCommit.run(() -> audio.delete(file));
        }
    }

    private void fire(UUID id, JobEvent.Kind kind, int attempt, RunStats stats) {
        events.fire(new JobEvent(id, kind, attempt, stats));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
