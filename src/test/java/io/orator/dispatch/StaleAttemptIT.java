package io.orator.dispatch;

import io.orator.clients.Caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.it.Api;
import io.orator.it.Deployments;
import io.orator.it.JobWaits;
import io.orator.jobs.Claim;
import io.orator.jobs.JobEvent;
import io.orator.jobs.JobStatus;
import io.orator.jobs.JobTransitions;
import io.orator.jobs.Jobs;
import io.orator.jobs.RunStats;
import io.orator.jobs.SubmissionRequest;
import io.orator.jobs.SynthesisJob;
import io.orator.storage.AudioStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An attempt that lost its job (recovered after its heartbeat went stale, then claimed again by the
 * same node) can neither write the job nor touch the audio of the attempt that replaced it. The
 * test claims jobs as a node of its own while the dispatcher is paused; the dispatcher's recovery
 * (heartbeats stale after 5 s in the test server) plays the failover.
 */
@ExtendWith(ArquillianExtension.class)
class StaleAttemptIT {

    private static final String NODE = "stale-attempt-node";

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, JobWaits.class, Transitions.class);
    }

    @Inject
    Jobs jobs;

    @Inject
    JobTransitions transitions;

    @Inject
    SynthesisWorker worker;

    @Inject
    Dispatcher dispatcher;

    @Inject
    AudioStore store;

    @Inject
    Transitions seen;

    /** Records every committed transition of the test's job. */
    @ApplicationScoped
    public static class Transitions {
        final List<JobEvent> events = new CopyOnWriteArrayList<>();

        void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEvent event) {
            events.add(event);
        }

        List<JobEvent.Kind> of(UUID id) {
            return events.stream().filter(e -> e.jobId().equals(id)).map(JobEvent::kind).toList();
        }
    }

    @Test
    void attemptTwoSucceedsWhileAttemptOnesLateWritesAndFileChangeNothing() throws Exception {
        dispatcher.pause();
        ScheduledExecutorService node = Executors.newSingleThreadScheduledExecutor();
        try {
            UUID id = jobs.submit(Caller.LOCAL, new SubmissionRequest("Speaker 1: Two attempts, one audio.", null, null, null, null, null, null))
                    .getId();
            Claim first = claim(id);
            // Nobody heartbeats attempt 1: the dispatcher's recovery gives the job back to the queue.
            JobWaits.awaitJob(jobs, id, JobStatus.QUEUED);
            Claim second = claim(id);
            assertEquals(2, second.attempt());
            // This test is the node running attempt 2 now, and keeps it alive as the dispatcher would.
            node.scheduleWithFixedDelay(() -> transitions.heartbeat(second), 0, 500, TimeUnit.MILLISECONDS);

            // Attempt 1 wakes up while attempt 2 runs on the same node: every write it makes is a no-op.
            transitions.heartbeat(first);
            assertEquals(JobTransitions.Verdict.LOST, transitions.progress(first, 1, 1));
            assertFalse(transitions.fail(first, "INFERENCE_FAILED", "late failure", stats()));
            assertFalse(transitions.cancelled(first, stats()));
            SynthesisJob running = jobs.get(id);
            assertEquals(JobStatus.RUNNING, running.getStatus());
            assertEquals(2, running.getAttempts());
            assertNull(running.getErrorCode());

            worker.run(second, () -> false);
            node.shutdownNow();
            SynthesisJob succeeded = jobs.get(id);
            assertEquals(JobStatus.SUCCEEDED, succeeded.getStatus());
            Path audio = stored(succeeded.getAudioFile());
            String digest = sha256(audio);

            // Attempt 1 runs to its end late: its outcome is refused, and it removes only its own file.
            worker.run(first, () -> false);
            assertFalse(transitions.fail(first, "INFERENCE_FAILED", "late failure", stats()));
            SynthesisJob after = jobs.get(id);
            assertEquals(JobStatus.SUCCEEDED, after.getStatus());
            assertEquals(2, after.getAttempts());
            assertEquals(succeeded.getAudioFile(), after.getAudioFile());
            assertNull(after.getErrorCode());
            assertTrue(Files.exists(audio), "attempt 2's audio is still there");
            assertEquals(digest, sha256(audio), "and unchanged");
            assertFalse(Files.exists(stored(AudioStore.audioName(id, 1))), "attempt 1 left no file behind");
            assertNotEquals(stored(AudioStore.audioName(id, 1)), stored(AudioStore.audioName(id, 2)));
            assertEquals(200, Api.get("/api/v1/syntheses/" + id + "/audio").statusCode());
            assertEquals(List.of(JobEvent.Kind.SUBMITTED, JobEvent.Kind.STARTED, JobEvent.Kind.RECOVERED,
                    JobEvent.Kind.STARTED, JobEvent.Kind.SUCCEEDED), seen.of(id), "one event per transition that took effect");
        } finally {
            node.shutdownNow();
            dispatcher.resume();
        }
    }

    @Test
    void aJobDeletedWhileRunningKeepsNoAudioAndFiresOneDeletion() throws Exception {
        dispatcher.pause();
        try {
            UUID id = jobs.submit(Caller.LOCAL, new SubmissionRequest("Speaker 1: Deleted under my feet.", null, null, null, null, null, null))
                    .getId();
            Claim claim = claim(id);
            jobs.delete(Jobs.ANYONE, id);
            worker.run(claim, () -> false);
            assertTrue(jobs.find(id).isEmpty());
            assertFalse(Files.exists(stored(AudioStore.audioName(id, 1))), "the late attempt's audio belongs to no job and went");
            assertFalse(Files.exists(store.tempFile(id, 1)));
            assertEquals(List.of(JobEvent.Kind.SUBMITTED, JobEvent.Kind.STARTED, JobEvent.Kind.DELETED), seen.of(id));
        } finally {
            dispatcher.resume();
        }
    }

    @Test
    void aRunningJobWhoseClientAskedToCancelIsCancelledNotRequeuedWhenItsNodeDies() throws Exception {
        dispatcher.pause();
        try {
            UUID id = jobs.submit(Caller.LOCAL, new SubmissionRequest("Speaker 1: Cancel me, then crash.", null, null, null, null, null, null))
                    .getId();
            claim(id);
            jobs.cancel(Jobs.ANYONE, id);
            // Nobody heartbeats the attempt, as if its node had died after the cancel reached the database.
            SynthesisJob job = JobWaits.awaitJob(jobs, id, JobStatus.CANCELLED, JobStatus.QUEUED);
            assertEquals(JobStatus.CANCELLED, job.getStatus(), "a cancelled job does not run again");
            assertEquals(List.of(JobEvent.Kind.SUBMITTED, JobEvent.Kind.STARTED, JobEvent.Kind.CANCEL_REQUESTED,
                    JobEvent.Kind.CANCELLED), seen.of(id));
        } finally {
            dispatcher.resume();
        }
    }

    /** Claims the next queued job as this test's node; the queue holds only {@code id} while dispatch is paused. */
    private Claim claim(UUID id) {
        Claim claim = transitions.claimNext(NODE, characters -> Duration.ofHours(1)).orElseThrow();
        assertEquals(id, claim.id());
        return claim;
    }

    private static RunStats stats() {
        return new RunStats(1, 0, 0, 0, null, null, 0);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Where the local store (the tests' default) keeps a published file. */
    private Path stored(String name) {
        return store.tempDirectory().getParent().resolve(name);
    }
}
