package io.orator.dispatch;

import io.orator.platform.ProcessMemory;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.inject.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the neural engines healthy between jobs, like a web server's max-requests recycling:
 * empties the GPU cache after each job, and reloads the engines (close every model, load again)
 * after a number of jobs, when the process RSS passes a watermark, or after a GPU ran out of
 * memory; and gives the native memory the engines freed back to the operating system. Runs on
 * the worker thread after the job released its engines, so no job ever sees its engine closed;
 * reloads are counted by the registry and shown as a metric.
 */
@ApplicationScoped
public class EngineMaintenance {

    private static final Logger LOG = Logger.getLogger(EngineMaintenance.class.getName());

    @Inject
    VoiceRegistry voices;

    /** Read after every job, so operators can tune recycling without a restart; 0 turns a rule off. */
    @Inject
    @ConfigProperty(name = "orator.engine.recycle-after-jobs", defaultValue = "0")
    Provider<Long> recycleAfterJobs;

    @Inject
    @ConfigProperty(name = "orator.engine.recycle-above-rss-bytes", defaultValue = "0")
    Provider<Long> recycleAboveRssBytes;

    @Inject
    @ConfigProperty(name = "orator.inference.empty-gpu-cache-after-job", defaultValue = "true")
    Provider<Boolean> emptyGpuCacheAfterJob;

    @Inject
    @ConfigProperty(name = "orator.memory.trim-interval-seconds", defaultValue = "10")
    Provider<Long> trimIntervalSeconds;

    private volatile long lastTrimNanos = System.nanoTime();

    /** Called after every job, whatever its outcome. */
    void afterJob(boolean gpuRanOutOfMemory) {
        trimNativeHeap();
        long recycleAfterJobs = this.recycleAfterJobs.get();
        long recycleAboveRssBytes = this.recycleAboveRssBytes.get();
        if (emptyGpuCacheAfterJob.get()) {
            voices.releaseGpuCaches();
        }
        long jobs = voices.jobsSinceReload();
        long rss = ProcessMemory.rssBytes();
        if (gpuRanOutOfMemory) {
            recycle("the GPU ran out of memory");
        } else if (recycleAfterJobs > 0 && jobs >= recycleAfterJobs) {
            recycle(jobs + " jobs since the last recycle");
        } else if (recycleAboveRssBytes > 0 && rss > recycleAboveRssBytes) {
            recycle("RSS " + rss + " bytes is above " + recycleAboveRssBytes);
        }
    }

    /**
     * At most once per {@code orator.memory.trim-interval-seconds} (0 turns it off): trimming walks
     * every malloc arena, a few milliseconds that are worth it between jobs, not after each of a
     * stream of one-second jobs.
     */
    private void trimNativeHeap() {
        long interval = trimIntervalSeconds.get();
        long now = System.nanoTime();
        if (interval <= 0 || now - lastTrimNanos < interval * 1_000_000_000L || !NativeHeap.available()) {
            return;
        }
        lastTrimNanos = now;
        if (!LOG.isLoggable(Level.FINE)) {
            NativeHeap.trim();
            return;
        }
        // Reading /proc twice is only worth it when someone reads the result.
        long rssBefore = ProcessMemory.rssBytes();
        boolean released = NativeHeap.trim();
        LOG.fine("Trimmed the native heap in " + (System.nanoTime() - now) / 1_000_000 + " ms ("
                + (released ? "released" : "nothing to release") + "); RSS " + rssBefore / (1 << 20) + " MiB -> "
                + ProcessMemory.rssBytes() / (1 << 20) + " MiB");
    }

    private void recycle(String reason) {
        long started = System.nanoTime();
        long rssBefore = ProcessMemory.rssBytes();
        boolean now = voices.reload();
        LOG.info(() -> (now ? "Recycled" : "Will recycle") + " the neural engines (" + reason + ") in "
                + (System.nanoTime() - started) / 1_000_000 + " ms; RSS " + rssBefore / (1 << 20) + " MiB -> "
                + ProcessMemory.rssBytes() / (1 << 20) + " MiB");
    }
}
