package io.orator.dispatch;

import io.orator.jobs.Claim;
import io.orator.jobs.JobJson;
import io.orator.jobs.JobProgress;
import io.orator.jobs.JobTransitions;
import io.orator.jobs.Jobs;
import io.orator.jobs.RunStats;
import io.orator.jobs.SynthesisJob;
import io.orator.platform.ProcessMemory;
import io.orator.storage.AudioStore;
import io.orator.storage.StoreUnavailableException;
import io.orator.synthesis.Checkpoint;
import io.orator.voices.SpeakerVoice;
import io.orator.synthesis.JobFiles;
import io.orator.synthesis.ResumePoint;
import io.orator.synthesis.Segment;
import io.orator.synthesis.SpokenAudio;
import io.orator.synthesis.SynthesisPipeline;
import io.orator.synthesis.SynthesisStopped;
import io.orator.synthesis.Turn;
import io.orator.voices.SynthesisException;
import io.orator.voices.EngineLeases;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one claimed job from its stored turns to a finished WAV file and records exactly one
 * outcome. Runs on the synthesis executor; never holds a transaction across synthesis.
 */
@ApplicationScoped
public class SynthesisWorker {

    private static final Logger LOG = Logger.getLogger(SynthesisWorker.class.getName());

    @Inject
    JobTransitions transitions;

    @Inject
    Jobs jobs;

    @Inject
    VoiceRegistry voices;

    @Inject
    AudioStore store;

    @Inject
    SynthesisPipeline pipeline;

    @Inject
    EngineMaintenance maintenance;

    @Inject
    Event<JobProgress> progressEvents;

    @Inject
    @ConfigProperty(name = "orator.progress.interval-millis", defaultValue = "500")
    long progressIntervalMillis;

    /**
     * Runs the job.
     *
     * @param cancelRequested in-memory cancel flag, set when a cancel for this job arrives here
     */
    void run(Claim job, BooleanSupplier cancelRequested) {
        run(job, cancelRequested, () -> false);
    }

    /**
     * Runs the job until it ends, or until {@code handBackRequested} (the node drains) makes it
     * keep a segment at the next sentence's end and go back to the queue from there.
     */
    void run(Claim job, BooleanSupplier cancelRequested, BooleanSupplier handBackRequested) {
        Baseline before = baseline();
        boolean gpuOutOfMemory = false;
        // Each attempt writes files of its own: a late attempt can never overwrite or delete the audio
        // of the one that replaced it.
        JobFiles files = new JobFiles(store.tempFile(job.id(), job.attempt()), store.finishedAudio(job.id(), job.attempt()),
                store.tempTimelineFile(job.id(), job.attempt()), store.finishedTimeline(job.id(), job.attempt()));
        KeptSegments segments = new KeptSegments(store, transitions, job, files);
        Progress progress = new Progress(job, cancelRequested, handBackRequested, segments);
        boolean ended = false;
        // The lease keeps the engines open for the whole job; an engine recycle waits for it.
        try (EngineLeases.Lease engines = voices.lease()) {
            SynthesisJob content = jobs.find(job.id()).orElseThrow(() -> lost("The job was deleted before it started"));
            List<Turn> turns = JobJson.turnsFromJson(content.getTurns());
            Map<Integer, SpeakerVoice> cast = resolve(JobJson.voicesFromJson(content.getVoices()));
            Optional<ResumePoint> resume = segments.restore(content.getCheckpoint());
            SpokenAudio audio = pipeline.speak(turns, cast, content.getSpeed(), files,
                    progress, resume);
            String stored = store.publish(job.id(), job.attempt());
            if (transitions.succeed(job, stored, audio, Duration.ofHours(content.getRetentionHours()), stats(before, audio.seconds()))) {
                ended = true;
            } else {
                // Deleted or taken over while we spoke: this attempt's audio belongs to no job.
                store.delete(stored);
            }
        } catch (SynthesisStopped stopped) {
            ended = stopped(job, stopped, progress, stats(before, 0));
        } catch (SynthesisException e) {
            LOG.log(Level.WARNING, "Job " + job.id() + " failed: " + e.getMessage(), e);
            gpuOutOfMemory = SynthesisException.GPU_OUT_OF_MEMORY.equals(e.code());
            ended = failed(job, e.code(), stats(before, 0));
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "Job " + job.id() + " could not store its audio", e);
            ended = failed(job, "STORAGE_UNAVAILABLE", stats(before, 0));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Job " + job.id() + " could not write its audio", e);
            ended = failed(job, "STORAGE_ERROR", stats(before, 0));
        } catch (OutOfMemoryError e) {
            LOG.log(Level.SEVERE, "Job " + job.id() + " ran out of memory", e);
            ended = failed(job, "OUT_OF_MEMORY", stats(before, 0));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Job " + job.id() + " failed unexpectedly", e);
            ended = failed(job, "INTERNAL_ERROR", stats(before, 0));
        } finally {
            if (ended) {
                // The job will not continue: what it kept to continue from goes.
                segments.deleteAll();
            }
            deleteQuietly(files.audioTemp());
            deleteQuietly(files.timelineTemp());
            deleteQuietly(files.audio());
            deleteQuietly(files.timeline());
            maintenance.afterJob(gpuOutOfMemory);
        }
    }

    private Map<Integer, SpeakerVoice> resolve(SortedMap<Integer, String> voiceIds) {
        Map<Integer, SpeakerVoice> cast = new TreeMap<>();
        voiceIds.forEach((speaker, voiceId) -> cast.put(speaker, voices.speakerVoice(voiceId)
                .orElseThrow(() -> new SynthesisException(SynthesisException.VOICE_UNAVAILABLE,
                        "Voice " + voiceId + " of speaker " + speaker + " is not available on this server"))));
        return cast;
    }

    private static SynthesisStopped lost(String message) {
        return new SynthesisStopped(SynthesisStopped.Reason.LOST, message);
    }

    /** Records why the attempt stopped; true when that ended the job. */
    private boolean stopped(Claim job, SynthesisStopped stopped, Progress progress, RunStats stats) {
        return switch (stopped.reason()) {
            case CANCELLED -> transitions.cancelled(job, stats);
            case TIMED_OUT -> failed(job, "TIMED_OUT", stopped.getMessage(), stats);
            case LOST -> {
                LOG.info(() -> "Job " + job.id() + " attempt " + job.attempt() + " stopped: " + stopped.getMessage());
                yield false;
            }
            case HANDED_BACK -> {
                // Not ended: the job continues elsewhere from what it kept.
                if (transitions.handBack(job, progress.segments.chunksKept(), progress.chunksTotal)) {
                    LOG.info(() -> "Job " + job.id() + " handed back to the queue after attempt " + job.attempt());
                }
                yield false;
            }
        };
    }

    /** Fails the job with its code's fixed message; the detail was logged where the failure was caught. */
    private boolean failed(Claim job, String code, RunStats stats) {
        return failed(job, code, FailureMessages.of(code), stats);
    }

    /** Fails the job; true when that took effect. */
    private boolean failed(Claim job, String code, String message, RunStats stats) {
        try {
            return transitions.fail(job, code, message, stats);
        } catch (RuntimeException e) {
            // The database is unreachable: the job stays RUNNING, and recovery requeues it once
            // its heartbeat goes stale, within its attempt limit.
            LOG.log(Level.SEVERE, "Cannot record the failure of job " + job.id(), e);
            return false;
        }
    }

    /** Where time, memory and the phoneme counter stood when a job started. */
    private record Baseline(long nanos, long rss, Long gpu, long skippedPhonemes) {
    }

    private Baseline baseline() {
        return new Baseline(System.nanoTime(), ProcessMemory.rssBytes(), gpuUsed(), voices.skippedPhonemes());
    }

    private RunStats stats(Baseline before, double audioSeconds) {
        long millis = (System.nanoTime() - before.nanos()) / 1_000_000;
        int skipped = (int) Math.max(0, voices.skippedPhonemes() - before.skippedPhonemes());
        return new RunStats(millis, audioSeconds, before.rss(), ProcessMemory.rssBytes(), before.gpu(), gpuUsed(), skipped);
    }

    private Long gpuUsed() {
        return voices.gpuMemory().map(MemoryUsage::getUsed).orElse(null);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete " + file + ": " + e.getMessage());
        }
    }

    /**
     * Announces progress at every chunk (in memory, for live listeners), writes it to the
     * database at most every interval, and stops the job when it must stop.
     */
    private final class Progress implements Checkpoint {

        private final Claim job;
        private final BooleanSupplier cancelRequested;
        private final BooleanSupplier handBackRequested;
        private final KeptSegments segments;
        private long lastWrite = System.nanoTime();
        private int chunksDone;
        private int chunksTotal;

        Progress(Claim job, BooleanSupplier cancelRequested, BooleanSupplier handBackRequested, KeptSegments segments) {
            this.job = job;
            this.cancelRequested = cancelRequested;
            this.handBackRequested = handBackRequested;
            this.segments = segments;
        }

        @Override
        public boolean segmentWanted() {
            return handBackRequested.getAsBoolean();
        }

        @Override
        public void segmentDone(Segment segment) {
            segments.keep(segment);
            if (handBackRequested.getAsBoolean()) {
                throw new SynthesisStopped(SynthesisStopped.Reason.HANDED_BACK, "The node is draining");
            }
        }

        @Override
        public void stopIfDue() {
            if (cancelRequested.getAsBoolean()) {
                throw new SynthesisStopped(SynthesisStopped.Reason.CANCELLED, "Cancelled by request");
            }
            if (Instant.now().isAfter(job.deadline())) {
                throw new SynthesisStopped(SynthesisStopped.Reason.TIMED_OUT,
                        "The job passed its deadline of " + job.deadline() + " after " + chunksDone + " of "
                                + chunksTotal + " chunks");
            }
        }

        @Override
        public void reached(int chunksDone, int chunksTotal, double audioSeconds) {
            this.chunksDone = chunksDone;
            this.chunksTotal = chunksTotal;
            stopIfDue();
            progressEvents.fire(new JobProgress(job.id(), job.attempt(), chunksDone, chunksTotal, audioSeconds));
            long now = System.nanoTime();
            if (now - lastWrite >= progressIntervalMillis * 1_000_000 || chunksDone == chunksTotal) {
                lastWrite = now;
                switch (transitions.progress(job, chunksDone, chunksTotal)) {
                    case GO_ON -> { }
                    case CANCEL_REQUESTED -> throw new SynthesisStopped(SynthesisStopped.Reason.CANCELLED,
                            "Cancelled by request");
                    case LOST -> throw lost("The job is no longer running in this attempt on this node");
                }
            }
        }
    }
}
