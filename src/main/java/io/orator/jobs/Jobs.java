package io.orator.jobs;

import io.orator.clients.Caller;
import io.orator.platform.FieldError;
import io.orator.platform.HistoryCursor;
import io.orator.platform.ProblemException;
import io.orator.synthesis.ParsedScript;
import io.orator.synthesis.ScriptParser;
import io.orator.synthesis.ScriptRejectedException;
import io.orator.synthesis.Turn;
import io.orator.synthesis.encoding.AudioFormat;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;

/** Submits, finds, lists, cancels and deletes synthesis jobs: the control behind the REST resource. */
@Stateless
public class Jobs {

    /** The server itself and operators' tools (JMX, retries): every client's jobs. */
    public static final Caller ANYONE = Caller.operator("orator");

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Inject
    JobLimits limits;

    @Inject
    SubmittedScripts scripts;

    @Inject
    VoiceCasting casting;

    @Inject
    JobTransitions transitions;

    @Inject
    QueueAdmission admission;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    ClientQuotas quotas;

    @Inject
    JobWebhooks webhooks;

    /** Validates and queues a job of the caller's; nothing is stored unless every check passes. */
    public SynthesisJob submit(Caller caller, SubmissionRequest request) {
        return submit(caller, request, null);
    }

    /**
     * The same, remembering the request's Idempotency-Key with the job in one transaction; a
     * concurrent request that stored the same key first makes this one fail and store nothing.
     */
    public SynthesisJob submit(Caller caller, SubmissionRequest request, Idempotency idempotency) {
        SubmittedScripts.Read read = scripts.read(request);
        ParsedScript script = read.script();
        SortedMap<Integer, String> cast = casting.cast(script.speakers(), read.voices(), limits.maxSpeakers());
        int retention = retentionHours(request.retentionHours());
        AudioFormat format = AudioFormats.requested("format", request.format());
        String webhookUrl = webhooks.destination(caller, request.webhookUrl());
        quotas.admitSubmission(caller.client());
        admission.admitOne();

        SynthesisJob job = new SynthesisJob(UUID.randomUUID(), caller.client(), JobClock.now(), retention,
                request.speed() == null ? 1.0 : request.speed(), script.speakers().size(), script.characters(),
                script.turns().size(), JobJson.voicesToJson(cast), JobJson.turnsToJson(script.turns()),
                format.wireName());
        job.setWebhookUrl(webhookUrl);
        transitions.queue(job);
        // The job's row is written first and the usage row updated last but the key: the usage
        // row is the one every submission of this client updates, and it stays locked from its
        // update until this transaction ends.
        em.flush();
        quotas.chargeCharacters(caller.client(), script.characters());
        if (idempotency != null) {
            idempotencyKeys.remember(caller.client(), idempotency, job.getId());
        }
        return job;
    }

    /**
     * The job an earlier request with this Idempotency-Key made, while the key is remembered.
     *
     * @throws ProblemException 422 when that request asked for something else, 409 when its job
     *                          has been deleted since
     */
    public Optional<SynthesisJob> replay(Caller caller, Idempotency idempotency) {
        Optional<IdempotencyKey> remembered = idempotencyKeys.find(caller.client(), idempotency.key());
        if (remembered.isEmpty()) {
            return Optional.empty();
        }
        if (!remembered.get().getRequestSha256().equals(idempotency.requestSha256())) {
            throw Idempotency.reusedWithAnotherRequest(idempotency.key());
        }
        UUID id = remembered.get().getJobId();
        return Optional.of(find(id).orElseThrow(() -> ProblemException.conflict("idempotency-key-job-deleted",
                "The job " + id + " made with Idempotency-Key " + idempotency.key() + " has been deleted")));
    }

    public Optional<SynthesisJob> find(UUID id) {
        return Optional.ofNullable(em.find(SynthesisJob.class, id));
    }

    /** Any client's job, for operators and the server itself. */
    public SynthesisJob get(UUID id) {
        return get(ANYONE, id);
    }

    /**
     * A job the caller may see. Another client's job is answered exactly like an unknown one, so
     * ids tell nothing about other clients.
     */
    public SynthesisJob get(Caller caller, UUID id) {
        return find(id).filter(job -> caller.sees(job.getClient()))
                .orElseThrow(() -> ProblemException.notFound("No synthesis job " + id));
    }

    /**
     * One page of history, newest first, continuing after {@code cursor} when given; with
     * {@code idPrefix} (lower-case hex digits and dashes) only jobs whose id starts with it.
     */
    public JobPage list(Caller caller, JobStatus status, String idPrefix, int limit, HistoryCursor cursor) {
        StringBuilder jpql = new StringBuilder("SELECT j FROM SynthesisJob j WHERE 1 = 1");
        if (!caller.admin()) {
            jpql.append(" AND j.client = :client");
        }
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
        if (!caller.admin()) {
            query.setParameter("client", caller.client());
        }
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
        HistoryCursor next = null;
        if (rows.size() > limit) {
            rows.remove(limit);
            SynthesisJob last = rows.get(limit - 1);
            next = new HistoryCursor(last.getCreatedAt(), last.getId());
        }
        return new JobPage(rows, next);
    }

    /**
     * Cancels a queued job at once; asks a running one to stop at its next chunk boundary.
     * Returns the job as it is after the request.
     *
     * @throws ProblemException 404 for an unknown job, 409 for a finished one
     */
    public SynthesisJob cancel(Caller caller, UUID id) {
        SynthesisJob job = get(caller, id);
        if (job.getStatus().isFinished()) {
            throw alreadyFinished(job);
        }
        JobTransitions.CancelResult result = transitions.cancel(id);
        em.refresh(job);
        if (result == JobTransitions.CancelResult.ALREADY_FINISHED) {
            throw alreadyFinished(job);
        }
        return job;
    }

    /**
     * Deletes a job: a running one is asked to stop, and the history row goes with its audio
     * (deletion means the user wants it gone; expiry keeps the row).
     *
     * @throws ProblemException 404 for an unknown job
     */
    public void delete(Caller caller, UUID id) {
        get(caller, id);
        if (!transitions.delete(id)) {
            throw ProblemException.notFound("No synthesis job " + id);
        }
    }

    /**
     * Queues a FAILED or CANCELLED job again for an operator: its error is cleared, its attempts
     * are kept (the next run is attempt n + 1) and it runs from the stored turns.
     *
     * @throws ProblemException 404 for an unknown job, 409 for any other status
     */
    public SynthesisJob retry(UUID id) {
        SynthesisJob job = get(id);
        boolean requeued = transitions.retry(id);
        em.refresh(job);
        if (!requeued) {
            throw ProblemException.conflict("not-retryable",
                    "Job " + id + " is " + job.getStatus() + "; only FAILED or CANCELLED jobs can be retried");
        }
        return job;
    }

    private static ProblemException alreadyFinished(SynthesisJob job) {
        return ProblemException.conflict("already-finished",
                "Job " + job.getId() + " is already " + job.getStatus() + " and cannot be cancelled");
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
