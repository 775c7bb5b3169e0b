package io.orator.jobs;

import io.orator.clients.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Submission with an optional Idempotency-Key: a retry with the same key and request answers
 * the job the first one made, and the database's key on (client, Idempotency-Key) makes sure
 * only one job is ever made, even when the retries race on several servers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Submissions {

    @Inject
    Jobs jobs;

    /** The job, and whether an earlier request with the same key made it. */
    public record Submitted(SynthesisJob job, boolean replayed) {
    }

    public Submitted submit(Caller caller, SubmissionRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new Submitted(jobs.submit(caller, request), false);
        }
        Idempotency idempotency = Idempotency.of(idempotencyKey, request);
        Optional<SynthesisJob> earlier = jobs.replay(caller, idempotency);
        if (earlier.isPresent()) {
            return new Submitted(earlier.get(), true);
        }
        try {
            return new Submitted(jobs.submit(caller, request, idempotency), false);
        } catch (IdempotencyKeyTaken raced) {
            // Another request with this key committed first; this one stored nothing.
            return jobs.replay(caller, idempotency).map(job -> new Submitted(job, true)).orElseThrow(() -> raced);
        }
    }
}
