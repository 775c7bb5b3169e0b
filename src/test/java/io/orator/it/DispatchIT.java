package io.orator.it;

import io.orator.clients.Caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.dispatch.Dispatcher;
import io.orator.jobs.Claim;
import io.orator.jobs.JobStatus;
import io.orator.jobs.JobTransitions;
import io.orator.jobs.Jobs;
import io.orator.jobs.SubmissionRequest;
import io.orator.jobs.SynthesisJob;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Claiming, heartbeats and crash recovery, inside the server against the real database. */
@ExtendWith(ArquillianExtension.class)
class DispatchIT {

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, JobWaits.class);
    }

    @Inject
    Jobs jobs;

    @Inject
    JobTransitions transitions;

    @Inject
    Dispatcher dispatcher;

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    @Resource
    UserTransaction tx;

    @Test
    void twoConcurrentClaimersNeverTakeTheSameJob() throws Exception {
        dispatcher.pause();
        try {
            Set<UUID> submitted = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                submitted.add(jobs.submit(Caller.LOCAL, request("Job " + i + ".")).getId());
            }
            // Both claimers start every claim together, so each round is a race for the same oldest job.
            Phaser rounds = new Phaser(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<List<Claim>> a = pool.submit(claimAll("node-a", rounds));
                Future<List<Claim>> b = pool.submit(claimAll("node-b", rounds));
                List<Claim> byA = a.get();
                List<Claim> byB = b.get();
                // Nobody heartbeats these claims, so on a slow machine the dispatcher's recovery may
                // queue a job again and it is claimed once more, as its next attempt: legitimate.
                // What may never happen is one attempt taken by both.
                Set<String> overlap = new HashSet<>(attempts(byA));
                overlap.retainAll(attempts(byB));
                assertTrue(overlap.isEmpty(), "the same attempt claimed twice: " + overlap);
                Set<UUID> all = new HashSet<>();
                byA.forEach(claim -> all.add(claim.id()));
                byB.forEach(claim -> all.add(claim.id()));
                assertTrue(all.containsAll(submitted), "every queued job claimed");
                assertTrue(!byA.isEmpty() && !byB.isEmpty(), "both claimers worked: " + byA.size() + "/" + byB.size());
                Map<UUID, Integer> lastAttempt = new HashMap<>();
                for (Claim claim : byA) {
                    lastAttempt.merge(claim.id(), claim.attempt(), Math::max);
                }
                for (Claim claim : byB) {
                    lastAttempt.merge(claim.id(), claim.attempt(), Math::max);
                }
                for (UUID id : submitted) {
                    assertEquals(lastAttempt.get(id), jobs.get(id).getAttempts(), "the job's attempts are its last claim's");
                }
            } finally {
                pool.shutdownNow();
            }
            cancelAll(submitted);
        } finally {
            dispatcher.resume();
        }
    }

    @Test
    void claimIsCommittedBeforeTheJobIsHandedToTheWorker() throws Exception {
        dispatcher.pause();
        UUID submitted = jobs.submit(Caller.LOCAL, request("Claimed while the dispatcher's transaction is still open.")).getId();
        UUID claimed = null;
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            tx.begin();
            try {
                claimed = transitions.claimNext("claiming-node", DispatchIT::oneHour).orElseThrow().id();
                UUID id = claimed;
                // The worker reads in transactions of its own, while the dispatcher's is still open.
                SynthesisJob seen = worker.submit(() -> jobs.get(id)).get();
                assertEquals(JobStatus.RUNNING, seen.getStatus(), "the worker must see its claim");
                assertEquals("claiming-node", seen.getNode());
            } finally {
                tx.rollback();
            }
            assertEquals(JobStatus.RUNNING, jobs.get(claimed).getStatus(), "the claim does not depend on the caller");
        } finally {
            worker.shutdownNow();
            Set<UUID> touched = new HashSet<>(Set.of(submitted));
            if (claimed != null) {
                touched.add(claimed);
            }
            cancelAll(touched);
            dispatcher.resume();
        }
    }

    @Test
    void jobLeftRunningWithStaleHeartbeatIsRecoveredAndRuns() throws Exception {
        dispatcher.pause();
        UUID id = jobs.submit(Caller.LOCAL, request("I was running when the server died.")).getId();
        markRunningOnDeadNode(id, 1);
        dispatcher.resume();
        SynthesisJob job = JobWaits.awaitJob(jobs, id, JobStatus.SUCCEEDED, JobStatus.FAILED);
        assertEquals(JobStatus.SUCCEEDED, job.getStatus());
        assertEquals(2, job.getAttempts(), "the recovered run is the second attempt");
    }

    @Test
    void jobThatExhaustedItsAttemptsFailsWithClearCode() throws Exception {
        dispatcher.pause();
        UUID id = jobs.submit(Caller.LOCAL, request("I keep crashing the server.")).getId();
        markRunningOnDeadNode(id, 3);
        dispatcher.resume();
        SynthesisJob job = JobWaits.awaitJob(jobs, id, JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertEquals(JobStatus.FAILED, job.getStatus());
        assertEquals("ABANDONED", job.getErrorCode());
    }

    @Test
    void handBacksOfDrainingNodesAndRunsBeforeARetryDoNotUseUpTheCrashLimit() throws Exception {
        dispatcher.pause();
        UUID id = jobs.submit(Caller.LOCAL, request("I was handed back twice, then my server died.")).getId();
        // The job crashes "dying-node" each time it runs there, and is recovered as that node restarts.
        try {
            for (int drain = 0; drain < 2; drain++) {
                Claim claim = transitions.claimNext("draining-node", DispatchIT::oneHour).orElseThrow();
                assertEquals(id, claim.id(), "the only queued job");
                assertTrue(transitions.handBack(claim, 0, 0));
            }
            transitions.claimNext("dying-node", DispatchIT::oneHour).orElseThrow();

            assertEquals(1, restartOfDyingNode());
            SynthesisJob recovered = jobs.get(id);
            assertEquals(JobStatus.QUEUED, recovered.getStatus(), "attempt 3, but only one crash of three allowed");
            assertEquals(2, recovered.getFreeAttempts());

            // Two more crashes use up the limit: the third one fails the job.
            for (int crash = 2; crash <= 3; crash++) {
                transitions.claimNext("dying-node", DispatchIT::oneHour).orElseThrow();
                assertEquals(1, restartOfDyingNode());
            }
            SynthesisJob abandoned = jobs.get(id);
            assertEquals(JobStatus.FAILED, abandoned.getStatus());
            assertEquals("ABANDONED", abandoned.getErrorCode());
            assertEquals(5, abandoned.getAttempts());

            // An operator's retry gives the job all its tries again.
            assertTrue(transitions.retry(id));
            transitions.claimNext("dying-node", DispatchIT::oneHour).orElseThrow();
            assertEquals(1, restartOfDyingNode());
            assertEquals(JobStatus.QUEUED, jobs.get(id).getStatus(), "a crash after a retry is the retry's first");
        } finally {
            cancelAll(Set.of(id));
            dispatcher.resume();
        }
    }

    /**
     * The recovery a restarting node makes of its own RUNNING jobs, whatever their heartbeat: the
     * job's heartbeat stays fresh, so the paused dispatcher's timer never recovers it first.
     */
    private int restartOfDyingNode() {
        return transitions.recoverAbandoned("dying-node", true, Duration.ofMinutes(5), 3);
    }

    @Test
    void recoveryAtStartupTakesBackThisNodesRunningJobsAtOnce() throws Exception {
        dispatcher.pause();
        try {
            UUID id = jobs.submit(Caller.LOCAL, request("Mine, from before the restart.")).getId();
            tx.begin();
            em.createQuery("UPDATE SynthesisJob j SET j.status = :running, j.node = :node, j.attempts = 1, "
                            + "j.heartbeatAt = :now WHERE j.id = :id")
                    .setParameter("running", JobStatus.RUNNING).setParameter("node", "restarting-node")
                    .setParameter("now", Instant.now()).setParameter("id", id).executeUpdate();
            tx.commit();
            assertEquals(0, transitions.recoverAbandoned("other-node", false, Duration.ofMinutes(5), 3),
                    "a fresh heartbeat of another node is left alone");
            assertTrue(transitions.recoverAbandoned("restarting-node", true, Duration.ofMinutes(5), 3) >= 1);
            assertEquals(JobStatus.QUEUED, jobs.get(id).getStatus());
        } finally {
            dispatcher.resume();
        }
    }

    @Test
    void jobPastItsDeadlineFailsAsTimedOutAndTheWorkerMovesOn() {
        System.setProperty("orator.deadline.base-seconds", "0");
        System.setProperty("orator.deadline.seconds-per-1000-characters", "0");
        UUID late;
        try {
            late = jobs.submit(Caller.LOCAL, request(Api.longScript(50))).getId();
            JobWaits.awaitJob(jobs, late, JobStatus.RUNNING, JobStatus.FAILED, JobStatus.SUCCEEDED);
        } finally {
            System.clearProperty("orator.deadline.base-seconds");
            System.clearProperty("orator.deadline.seconds-per-1000-characters");
        }
        SynthesisJob failed = JobWaits.awaitJob(jobs, late, JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertEquals(JobStatus.FAILED, failed.getStatus());
        assertEquals("TIMED_OUT", failed.getErrorCode());
        UUID next = jobs.submit(Caller.LOCAL, request("On time.")).getId();
        assertEquals(JobStatus.SUCCEEDED, JobWaits.awaitJob(jobs, next, JobStatus.SUCCEEDED, JobStatus.FAILED).getStatus());
    }

    private static Set<String> attempts(List<Claim> claims) {
        Set<String> attempts = new HashSet<>();
        claims.forEach(claim -> attempts.add(claim.id() + "#" + claim.attempt()));
        return attempts;
    }

    private Callable<List<Claim>> claimAll(String node, Phaser rounds) {
        return () -> {
            List<Claim> claimed = new ArrayList<>();
            while (true) {
                rounds.arriveAndAwaitAdvance();
                var job = transitions.claimNext(node, DispatchIT::oneHour);
                if (job.isEmpty()) {
                    rounds.arriveAndDeregister();
                    return Collections.unmodifiableList(claimed);
                }
                claimed.add(job.get());
            }
        };
    }

    private void markRunningOnDeadNode(UUID id, int attempts) throws Exception {
        tx.begin();
        em.createQuery("UPDATE SynthesisJob j SET j.status = :running, j.node = 'dead-node', j.attempts = :attempts, "
                        + "j.heartbeatAt = :stale, j.startedAt = :stale WHERE j.id = :id AND j.status = :queued")
                .setParameter("running", JobStatus.RUNNING).setParameter("attempts", attempts)
                .setParameter("stale", Instant.now().minus(Duration.ofMinutes(10)))
                .setParameter("id", id).setParameter("queued", JobStatus.QUEUED).executeUpdate();
        tx.commit();
    }

    private void cancelAll(Set<UUID> ids) throws Exception {
        tx.begin();
        em.createQuery("UPDATE SynthesisJob j SET j.status = :cancelled WHERE j.id IN :ids")
                .setParameter("cancelled", JobStatus.CANCELLED).setParameter("ids", ids).executeUpdate();
        tx.commit();
    }

    static Duration oneHour(int characters) {
        return Duration.ofHours(1);
    }

    static SubmissionRequest request(String script) {
        return new SubmissionRequest(script, null, null, null, null, null, null);
    }
}
