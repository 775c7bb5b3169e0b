package io.orator.dispatch;

import io.orator.jobs.JobEvent;
import io.orator.jobs.JobEvents;
import io.orator.jobs.JobJson;
import io.orator.jobs.JobProgress;
import io.orator.metrics.OratorMetrics;
import io.orator.metrics.ProcessMemory;
import io.orator.storage.AudioStore;
import io.orator.synthesis.Checkpoint;
import io.orator.synthesis.SpeakerVoice;
import io.orator.synthesis.SpokenAudio;
import io.orator.synthesis.SynthesisPipeline;
import io.orator.synthesis.SynthesisStopped;
import io.orator.synthesis.Turn;
import io.orator.voices.SynthesisException;
import io.orator.voices.piper.PiperEngine;
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
    JobOutcomes outcomes;

    @Inject
    VoiceRegistry voices;

    @Inject
    AudioStore store;

    @Inject
    WorkerNode node;

    @Inject
    JobEvents events;

    @Inject
    OratorMetrics metrics;

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
    void run(ClaimedJob job, BooleanSupplier cancelRequested) {
        Baseline before = baseline();
        String nodeName = node.name();
        boolean gpuOutOfMemory = false;
        Path temp = store.tempFile(job.id(), job.attempt());
        Path target = store.audioFile(job.id());
        // The lease keeps the engines open for the whole job; an engine recycle waits for it.
        try (VoiceRegistry.Lease engines = voices.lease()) {
            JobContent content = outcomes.content(job.id());
            List<Turn> turns = JobJson.turnsFromJson(content.turnsJson());
            Map<Integer, SpeakerVoice> cast = resolve(JobJson.voicesFromJson(content.voicesJson()));
            SpokenAudio audio = pipeline.speak(turns, cast, content.speed(), temp, target,
                    new Progress(job, nodeName, cancelRequested));
            RunStats stats = stats(before, audio.seconds());
            if (outcomes.succeed(job.id(), nodeName, target.getFileName().toString(), audio.bytes(), audio.seconds(),
                    audio.sampleRate(), audio.chunks(), Duration.ofHours(content.retentionHours()), stats)) {
                metrics.recordSynthesis(stats.synthesisMillis(), audio.seconds());
                events.fire(job.id(), JobEvent.Kind.SUCCEEDED);
            } else {
                // Deleted or taken over while we spoke: the audio belongs to no job.
                Files.deleteIfExists(target);
            }
        } catch (SynthesisStopped stopped) {
            stopped(job, nodeName, stopped, stats(before, 0));
        } catch (SynthesisException e) {
            LOG.log(Level.WARNING, "Job " + job.id() + " failed: " + e.getMessage(), e);
            gpuOutOfMemory = PiperEngine.GPU_OUT_OF_MEMORY.equals(e.code());
            failed(job, nodeName, e.code(), stats(before, 0));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Job " + job.id() + " could not write its audio", e);
            failed(job, nodeName, "STORAGE_ERROR", stats(before, 0));
        } catch (OutOfMemoryError e) {
            LOG.log(Level.SEVERE, "Job " + job.id() + " ran out of memory", e);
            failed(job, nodeName, "OUT_OF_MEMORY", stats(before, 0));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Job " + job.id() + " failed unexpectedly", e);
            failed(job, nodeName, "INTERNAL_ERROR", stats(before, 0));
        } finally {
            deleteQuietly(temp);
            maintenance.afterJob(gpuOutOfMemory);
        }
    }

    private Map<Integer, SpeakerVoice> resolve(SortedMap<Integer, String> voiceIds) {
        Map<Integer, SpeakerVoice> cast = new TreeMap<>();
        voiceIds.forEach((speaker, voiceId) -> cast.put(speaker, voices.speakerVoice(voiceId)
                .orElseThrow(() -> new SynthesisException("VOICE_UNAVAILABLE",
                        "Voice " + voiceId + " of speaker " + speaker + " is not available on this server"))));
        return cast;
    }

    private void stopped(ClaimedJob job, String nodeName, SynthesisStopped stopped, RunStats stats) {
        switch (stopped.reason()) {
            case CANCELLED -> {
                if (outcomes.cancelled(job.id(), nodeName, stats)) {
                    events.fire(job.id(), JobEvent.Kind.CANCELLED);
                }
            }
            case TIMED_OUT -> failed(job, nodeName, "TIMED_OUT", stopped.getMessage(), stats);
            case LOST -> LOG.info(() -> "Job " + job.id() + " stopped: " + stopped.getMessage());
        }
    }

    /** Fails the job with its code's fixed message; the detail was logged where the failure was caught. */
    private void failed(ClaimedJob job, String nodeName, String code, RunStats stats) {
        failed(job, nodeName, code, FailureMessages.of(code), stats);
    }

    private void failed(ClaimedJob job, String nodeName, String code, String message, RunStats stats) {
        try {
            if (outcomes.fail(job.id(), nodeName, code, message, stats)) {
                events.fire(job.id(), JobEvent.Kind.FAILED);
            }
        } catch (RuntimeException e) {
            // The database is unreachable: the job stays RUNNING, and recovery requeues it once
            // its heartbeat goes stale, within its attempt limit.
            LOG.log(Level.SEVERE, "Cannot record the failure of job " + job.id(), e);
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
        Double rtf = audioSeconds > 0 ? millis / 1000.0 / audioSeconds : null;
        int skipped = (int) Math.max(0, voices.skippedPhonemes() - before.skippedPhonemes());
        return new RunStats(millis, rtf, before.rss(), ProcessMemory.rssBytes(), before.gpu(), gpuUsed(), skipped);
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

        private final ClaimedJob job;
        private final String nodeName;
        private final BooleanSupplier cancelRequested;
        private long lastWrite = System.nanoTime();
        private int chunksDone;
        private int chunksTotal;

        Progress(ClaimedJob job, String nodeName, BooleanSupplier cancelRequested) {
            this.job = job;
            this.nodeName = nodeName;
            this.cancelRequested = cancelRequested;
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
                if (!outcomes.progress(job.id(), nodeName, chunksDone, chunksTotal)) {
                    throw stopReason();
                }
            }
        }

        private SynthesisStopped stopReason() {
            return outcomes.isCancelRequested(job.id())
                    ? new SynthesisStopped(SynthesisStopped.Reason.CANCELLED, "Cancelled by request")
                    : new SynthesisStopped(SynthesisStopped.Reason.LOST, "The job is no longer running on this node");
        }
    }
}
