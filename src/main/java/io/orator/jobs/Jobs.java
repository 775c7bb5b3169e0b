package io.orator.jobs;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.storage.AudioStore;
import io.orator.synthesis.ParsedScript;
import io.orator.synthesis.ScriptParser;
import io.orator.synthesis.ScriptRejectedException;
import io.orator.synthesis.Turn;
import io.orator.voices.VoiceRegistry;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;

/** Submits, finds, lists, cancels and deletes synthesis jobs: the control behind the REST resource. */
@Stateless
public class Jobs {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    JobLimits limits;

    @Inject
    VoiceRegistry voices;

    @Inject
    AudioStore audioStore;

    @Inject
    JobEvents events;

    @Inject
    QueueAdmission admission;

    /** Validates and queues a job; nothing is stored unless every check passes. */
    public SynthesisJob submit(SubmissionRequest request) {
        ParsedScript script = parse(request);
        SortedMap<Integer, String> cast = voices.cast(script.speakers(), request.voices(), limits.maxSpeakers());
        int retention = retentionHours(request.retentionHours());
        admission.admitOne();

        SynthesisJob job = new SynthesisJob(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), retention,
                request.speed() == null ? 1.0 : request.speed(), script.speakers().size(), script.characters(),
                script.turns().size(), JobJson.voicesToJson(cast), JobJson.turnsToJson(script.turns()));
        em.persist(job);
        events.fire(job.getId(), JobEvent.Kind.SUBMITTED);
        return job;
    }

    public Optional<SynthesisJob> find(UUID id) {
        return Optional.ofNullable(em.find(SynthesisJob.class, id));
    }

    public SynthesisJob get(UUID id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("No synthesis job " + id));
    }

    /**
     * One page of history, newest first, continuing after {@code cursor} when given; with
     * {@code idPrefix} (lower-case hex digits and dashes) only jobs whose id starts with it.
     */
    public JobPage list(JobStatus status, String idPrefix, int limit, JobCursor cursor) {
        StringBuilder jpql = new StringBuilder("SELECT j FROM SynthesisJob j WHERE 1 = 1");
        if (status != null) {
            jpql.append(" AND j.status = :status");
        }
        if (idPrefix != null) {
            jpql.append(" AND LOWER(CAST(j.id AS String)) LIKE :idPrefix");
        }
        if (cursor != null) {
            jpql.append(" AND (j.createdAt < :createdAt OR (j.createdAt = :createdAt AND j.id < :id))");
        }
        jpql.append(" ORDER BY j.createdAt DESC, j.id DESC");
        var query = em.createQuery(jpql.toString(), SynthesisJob.class).setMaxResults(limit + 1);
        if (status != null) {
            query.setParameter("status", status);
        }
        if (idPrefix != null) {
            query.setParameter("idPrefix", idPrefix + "%");
        }
        if (cursor != null) {
            query.setParameter("createdAt", cursor.createdAt()).setParameter("id", cursor.id());
        }
        List<SynthesisJob> rows = new ArrayList<>(query.getResultList());
        JobCursor next = null;
        if (rows.size() > limit) {
            rows.remove(limit);
            SynthesisJob last = rows.get(limit - 1);
            next = new JobCursor(last.getCreatedAt(), last.getId());
        }
        return new JobPage(rows, next);
    }

    /**
     * Cancels a queued job at once; asks a running one to stop at its next chunk boundary.
     * Returns the job as it is after the request.
     */
    public SynthesisJob cancel(UUID id) {
        SynthesisJob job = get(id);
        if (job.getStatus().isFinished()) {
            throw ProblemException.conflict("already-finished",
                    "Job " + id + " is already " + job.getStatus() + " and cannot be cancelled");
        }
        int cancelledQueued = em.createQuery("UPDATE SynthesisJob j SET j.status = :cancelled, j.finishedAt = :now, "
                        + "j.cancelRequested = true WHERE j.id = :id AND j.status = :queued")
                .setParameter("cancelled", JobStatus.CANCELLED).setParameter("now", Instant.now())
                .setParameter("id", id).setParameter("queued", JobStatus.QUEUED)
                .executeUpdate();
        if (cancelledQueued == 1) {
            events.fire(id, JobEvent.Kind.CANCELLED);
        } else {
            em.createQuery("UPDATE SynthesisJob j SET j.cancelRequested = true WHERE j.id = :id AND j.status = :running")
                    .setParameter("id", id).setParameter("running", JobStatus.RUNNING)
                    .executeUpdate();
            events.fire(id, JobEvent.Kind.CANCEL_REQUESTED);
        }
        em.refresh(job);
        return job;
    }

    /**
     * Deletes a job: a running one is asked to stop, its audio is removed, and the history row
     * goes too (deletion means the user wants it gone; expiry keeps the row).
     */
    public void delete(UUID id) {
        SynthesisJob job = get(id);
        if (job.getStatus() == JobStatus.RUNNING) {
            events.fire(id, JobEvent.Kind.CANCEL_REQUESTED);
        }
        audioStore.delete(job.getAudioFile());
        em.remove(job);
        events.fire(id, JobEvent.Kind.DELETED);
    }

    /**
     * Queues a FAILED or CANCELLED job again for an operator: its error is cleared, its attempts
     * are kept (the next run is attempt n + 1) and it runs from the stored turns.
     *
     * @throws ProblemException 404 for an unknown job, 409 for any other status
     */
    public SynthesisJob retry(UUID id) {
        SynthesisJob job = get(id);
        int requeued = em.createQuery("UPDATE SynthesisJob j SET j.status = :queued, j.finishedAt = NULL, "
                        + "j.startedAt = NULL, j.heartbeatAt = NULL, j.deadlineAt = NULL, j.node = NULL, "
                        + "j.cancelRequested = false, j.errorCode = NULL, j.errorMessage = NULL, "
                        + "j.progress = 0, j.chunksDone = 0, j.chunksTotal = 0 "
                        + "WHERE j.id = :id AND j.status IN :retryable")
                .setParameter("queued", JobStatus.QUEUED).setParameter("id", id)
                .setParameter("retryable", List.of(JobStatus.FAILED, JobStatus.CANCELLED))
                .executeUpdate();
        em.refresh(job);
        if (requeued == 0) {
            throw ProblemException.conflict("not-retryable",
                    "Job " + id + " is " + job.getStatus() + "; only FAILED or CANCELLED jobs can be retried");
        }
        events.fire(id, JobEvent.Kind.REQUEUED);
        return job;
    }

    private ParsedScript parse(SubmissionRequest request) {
        boolean hasScript = request.script() != null;
        boolean hasTurns = request.turns() != null;
        if (hasScript == hasTurns) {
            throw ProblemException.invalid("Give exactly one of script or turns",
                    List.of(new FieldError(hasScript ? "turns" : "script",
                            hasScript ? "must be absent when script is given" : "either script or turns is required")));
        }
        ScriptParser parser = new ScriptParser(limits.script());
        try {
            return hasScript
                    ? parser.parse(request.script())
                    : parser.parseTurns(request.turns().stream().map(t -> new Turn(t.speaker(), t.text())).toList());
        } catch (ScriptRejectedException rejected) {
            List<FieldError> errors = rejected.violations().stream()
                    .map(v -> new FieldError(v.field(), v.message())).toList();
            if (rejected.kind() == ScriptRejectedException.Kind.TOO_LARGE) {
                throw new ProblemException(413, "too-large", "Script too large", rejected.getMessage(), errors, Map.of());
            }
            throw ProblemException.invalid(rejected.getMessage(), errors);
        }
    }

    private int retentionHours(Integer requested) {
        if (requested == null) {
            return limits.defaultRetentionHours();
        }
        if (requested > limits.maxRetentionHours()) {
            throw ProblemException.invalid("retentionHours is above the maximum",
                    List.of(new FieldError("retentionHours", "must be at most " + limits.maxRetentionHours())));
        }
        return requested;
    }
}
