package io.orator.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.clients.Caller;
import io.orator.it.Api;
import io.orator.it.Deployments;
import io.orator.it.JobWaits;
import io.orator.jobs.Claim;
import io.orator.jobs.JobProgress;
import io.orator.jobs.JobStatus;
import io.orator.jobs.JobTransitions;
import io.orator.jobs.Jobs;
import io.orator.jobs.SubmissionRequest;
import io.orator.jobs.SynthesisJob;
import io.orator.storage.AudioStore;
import io.orator.synthesis.ResumePoint;
import io.orator.synthesis.SynthesisPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 30-minute espeak-ng job whose node dies half way continues, in its next attempt, after the
 * last segment it kept: the second attempt speaks only the rest, and the audio and timeline are
 * the same, byte for byte, as an uninterrupted run's. The test runs the attempts as a node of
 * its own with the dispatcher paused; the node "dies" as the recovery at its restart sees it
 * (its RUNNING job goes back to the queue), and the dead attempt's next write finds it lost.
 */
@ExtendWith(ArquillianExtension.class)
class ResumeIT {

    private static final String NODE = "resume-node";
    /** About 30 minutes of speech: ~33,000 characters in two voices. */
    private static final int SENTENCES = 440;

    @Deployment
    static WebArchive app() {
        return Deployments.orator().addClasses(Api.class, JobWaits.class, Progresses.class);
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
    Progresses progresses;

    /** Every progress a job reports, per attempt. */
    @ApplicationScoped
    public static class Progresses {
        final List<JobProgress> seen = new CopyOnWriteArrayList<>();

        void on(@Observes JobProgress progress) {
            seen.add(progress);
        }

        List<Integer> of(UUID id, int attempt) {
            return seen.stream().filter(p -> p.jobId().equals(id) && p.attempt() == attempt).map(JobProgress::chunksDone).toList();
        }
    }

    @Test
    void aLongJobInterruptedHalfWayContinuesFromItsLastSegmentToTheSameAudio() throws Exception {
        String script = Api.longScript(SENTENCES);
        dispatcher.pause();
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        try {
            UUID reference = submit(script);
            worker.run(claim(reference), () -> false);
            SynthesisJob uninterrupted = JobWaits.awaitJob(jobs, reference, JobStatus.SUCCEEDED);
            assertTrue(uninterrupted.getAudioSeconds() > 25 * 60, "about 30 minutes: " + uninterrupted.getAudioSeconds());

            UUID id = submit(script);
            Claim first = claim(id);
            // The node dies once about half the job is kept: at its restart, its RUNNING job goes back to the queue.
            Future<ResumePoint> death = watcher.submit(() -> {
                ResumePoint kept = Api.await(() -> checkpointOf(id), point -> point != null
                                && point.chunksDone() * 2 >= uninterrupted.getChunksTotal(), Duration.ofMinutes(5),
                        "half of job " + id + " kept");
                transitions.recoverAbandoned(NODE, true, Duration.ofHours(1), 3);
                return kept;
            });
            worker.run(first, () -> false);
            ResumePoint kept = death.get();
            SynthesisJob queued = jobs.get(id);
            assertEquals(JobStatus.QUEUED, queued.getStatus(), "the dead attempt wrote nothing after its job was taken back");
            ResumePoint atRestart = ResumePoint.fromJson(queued.getCheckpoint());
            assertTrue(atRestart.segments().size() >= kept.segments().size());

            Claim second = claim(id);
            worker.run(second, () -> false);

            SynthesisJob resumed = JobWaits.awaitJob(jobs, id, JobStatus.SUCCEEDED);
            List<Integer> secondAttempt = progresses.of(id, 2);
            assertEquals(atRestart.chunksDone(), secondAttempt.get(0), "attempt 2 starts where the kept segments end");
            assertEquals(resumed.getChunksTotal() - atRestart.chunksDone(), secondAttempt.size() - 1,
                    "attempt 2 speaks only the chunks after them");
            assertArrayEquals(Files.readAllBytes(stored(uninterrupted.getAudioFile())), Files.readAllBytes(stored(resumed.getAudioFile())),
                    "the same samples as the uninterrupted run");
            assertArrayEquals(Files.readAllBytes(stored(AudioStore.timelineName(uninterrupted.getAudioFile()))),
                    Files.readAllBytes(stored(AudioStore.timelineName(resumed.getAudioFile()))), "the same timeline");
            assertNull(resumed.getCheckpoint(), "a finished job has nowhere to continue from");
            assertEquals(List.of(), segmentsOf(id), "its kept segments went with the checkpoint");
        } finally {
            watcher.shutdownNow();
            dispatcher.resume();
        }
    }

    @Test
    void aJobHandedBackKeepsASegmentAtTheNextSentencesEndAndTheNextAttemptGoesOnFromThere() throws Exception {
        String script = Api.longScript(120);
        dispatcher.pause();
        try {
            UUID reference = submit(script);
            worker.run(claim(reference), () -> false);
            SynthesisJob uninterrupted = JobWaits.awaitJob(jobs, reference, JobStatus.SUCCEEDED);

            UUID id = submit(script);
            Claim first = claim(id);
            // The node is told to drain once a third of the job is spoken, long before any periodic segment.
            int askedAt = uninterrupted.getChunksTotal() / 3;
            worker.run(first, () -> false, () -> progresses.of(id, 1).stream().anyMatch(done -> done >= askedAt));

            SynthesisJob handedBack = jobs.get(id);
            assertEquals(JobStatus.QUEUED, handedBack.getStatus(), "handed back, not ended");
            ResumePoint kept = ResumePoint.fromJson(handedBack.getCheckpoint());
            assertTrue(kept.chunksDone() >= askedAt && kept.chunksDone() < askedAt + SynthesisPipeline.CHUNKS_BETWEEN_FRESH_STARTS,
                    "kept at the next point espeak-ng starts afresh: asked at " + askedAt + ", kept " + kept.chunksDone());
            assertEquals(kept.chunksDone(), handedBack.getChunksDone(), "the queued job shows the progress it kept");
            assertNull(handedBack.getNode());

            worker.run(claim(id), () -> false);
            SynthesisJob resumed = JobWaits.awaitJob(jobs, id, JobStatus.SUCCEEDED);
            assertEquals(kept.chunksDone(), progresses.of(id, 2).get(0));
            assertArrayEquals(Files.readAllBytes(stored(uninterrupted.getAudioFile())), Files.readAllBytes(stored(resumed.getAudioFile())));
        } finally {
            dispatcher.resume();
        }
    }

    @Test
    void aJobThatEndsOtherwiseThanBySucceedingLeavesNoSegmentsBehind() throws Exception {
        dispatcher.pause();
        try {
            UUID id = submit(Api.longScript(60));
            Claim claim = claim(id);
            // Cancelled once it has kept a segment.
            worker.run(claim, () -> checkpointOf(id) != null);
            SynthesisJob cancelled = JobWaits.awaitJob(jobs, id, JobStatus.CANCELLED);
            assertNull(cancelled.getCheckpoint());
            assertEquals(List.of(), segmentsOf(id));
        } finally {
            dispatcher.resume();
        }
    }

    private UUID submit(String script) {
        return jobs.submit(Caller.LOCAL, new SubmissionRequest(script, null, null, null, null, null, null)).getId();
    }

    private ResumePoint checkpointOf(UUID id) {
        String checkpoint = jobs.get(id).getCheckpoint();
        return checkpoint == null ? null : ResumePoint.fromJson(checkpoint);
    }

    /** Claims the next queued job as this test's node; the queue holds only {@code id} while dispatch is paused. */
    private Claim claim(UUID id) {
        Claim claim = transitions.claimNext(NODE, characters -> Duration.ofHours(1)).orElseThrow();
        assertEquals(id, claim.id());
        return claim;
    }

    private List<String> segmentsOf(UUID id) throws Exception {
        try (Stream<Path> files = Files.list(store.tempDirectory().getParent())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(id.toString()) && AudioStore.isSegment(name)).toList();
        }
    }

    /** Where the local store (the tests' default) keeps a published file. */
    private Path stored(String name) {
        return store.tempDirectory().getParent().resolve(name);
    }
}
