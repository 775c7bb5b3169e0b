package io.orator.dispatch;

import io.orator.jobs.JobStatus;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes jobs from the queue and gives back the ones a dead process left behind. Every change is
 * a conditional update on the job's current state, so two workers (threads or servers sharing
 * one database) can never both take the same job: the second update matches no row.
 */
@Stateless
public class JobClaims {

    private static final Logger LOG = Logger.getLogger(JobClaims.class.getName());
    private static final int CANDIDATES = 8;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    /** Read at each claim, so an operator can change deadlines without a restart. */
    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "orator.recovery.max-attempts", defaultValue = "3")
    int maxAttempts;

    /**
     * Claims the oldest queued job for {@code node}, or nothing when the queue is empty. The claim
     * commits before this returns: the worker that gets the job runs in transactions of its own,
     * and until the claim commits they would see the job still QUEUED and give it up as lost.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<ClaimedJob> claimNext(String node) {
        List<Object[]> candidates = em.createQuery(
                        "SELECT j.id, j.attempts, j.characters FROM SynthesisJob j WHERE j.status = :queued "
                                + "ORDER BY j.createdAt, j.id", Object[].class)
                .setParameter("queued", JobStatus.QUEUED)
                .setMaxResults(CANDIDATES)
                .getResultList();
        for (Object[] candidate : candidates) {
            UUID id = (UUID) candidate[0];
            int attempt = (Integer) candidate[1] + 1;
            int characters = (Integer) candidate[2];
            Instant now = now();
            Instant deadline = now.plus(deadlineFor(characters));
            int claimed = em.createQuery("UPDATE SynthesisJob j SET j.status = :running, j.node = :node, "
                            + "j.attempts = :attempt, j.startedAt = :now, j.heartbeatAt = :now, j.deadlineAt = :deadline, "
                            + "j.progress = 0, j.chunksDone = 0 WHERE j.id = :id AND j.status = :queued")
                    .setParameter("running", JobStatus.RUNNING).setParameter("node", node)
                    .setParameter("attempt", attempt).setParameter("now", now).setParameter("deadline", deadline)
                    .setParameter("id", id).setParameter("queued", JobStatus.QUEUED)
                    .executeUpdate();
            if (claimed == 1) {
                return Optional.of(new ClaimedJob(id, attempt, characters, deadline));
            }
        }
        return Optional.empty();
    }

    Duration deadlineFor(int characters) {
        long base = config.getOptionalValue("orator.deadline.base-seconds", Long.class).orElse(120L);
        long perThousand = config.getOptionalValue("orator.deadline.seconds-per-1000-characters", Long.class).orElse(60L);
        return Duration.ofSeconds(base).plusMillis(perThousand * characters);
    }

    /** Tells other nodes the running job is alive. */
    public void heartbeat(UUID id, String node) {
        em.createQuery("UPDATE SynthesisJob j SET j.heartbeatAt = :now WHERE j.id = :id AND j.node = :node "
                        + "AND j.status = :running")
                .setParameter("now", now()).setParameter("id", id).setParameter("node", node)
                .setParameter("running", JobStatus.RUNNING)
                .executeUpdate();
    }

    /**
     * Gives back RUNNING jobs whose process died: those of this node when it starts (nothing of
     * ours can be running yet) and any node's whose heartbeat is older than {@code staleAfter}.
     * A job that has used up its attempts fails instead of looping through crashes forever.
     *
     * @return how many jobs were recovered or failed
     */
    public int recoverAbandoned(String node, boolean startingUp, Duration staleAfter) {
        Instant staleBefore = now().minus(staleAfter);
        String abandoned = "j.status = :running AND (j.heartbeatAt < :staleBefore"
                + (startingUp ? " OR j.node = :node)" : ")");
        var exhausted = em.createQuery("UPDATE SynthesisJob j SET j.status = :failed, j.finishedAt = :now, "
                        + "j.errorCode = 'ABANDONED', j.errorMessage = :message WHERE " + abandoned
                        + " AND j.attempts >= :maxAttempts")
                .setParameter("failed", JobStatus.FAILED).setParameter("now", now())
                .setParameter("message", "The server running this job stopped " + maxAttempts
                        + " times before it finished; it will not be tried again")
                .setParameter("running", JobStatus.RUNNING).setParameter("staleBefore", staleBefore)
                .setParameter("maxAttempts", maxAttempts);
        var requeue = em.createQuery("UPDATE SynthesisJob j SET j.status = :queued, j.node = NULL, "
                        + "j.heartbeatAt = NULL, j.progress = 0, j.chunksDone = 0 WHERE " + abandoned)
                .setParameter("queued", JobStatus.QUEUED)
                .setParameter("running", JobStatus.RUNNING).setParameter("staleBefore", staleBefore);
        if (startingUp) {
            exhausted.setParameter("node", node);
            requeue.setParameter("node", node);
        }
        int failed = exhausted.executeUpdate();
        int requeued = requeue.executeUpdate();
        if (failed + requeued > 0) {
            LOG.warning(() -> "Recovered jobs left RUNNING by a stopped server: " + requeued + " queued again, "
                    + failed + " failed after " + maxAttempts + " attempts");
        }
        return failed + requeued;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
