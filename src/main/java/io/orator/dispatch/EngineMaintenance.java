package io.orator.dispatch;

import io.orator.metrics.ProcessMemory;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the neural engines healthy between jobs, like a web server's max-requests recycling:
 * empties the GPU cache after each job, and reloads the engines (close every model, load again)
 * after a number of jobs, when the process RSS passes a watermark, or after a GPU ran out of
 * memory. Runs on the worker thread after the job released its engines, so no job ever sees
 * its engine closed; reloads are counted by the registry and shown as a metric.
 */
@ApplicationScoped
public class EngineMaintenance {

    private static final Logger LOG = Logger.getLogger(EngineMaintenance.class.getName());

    @Inject
    VoiceRegistry voices;

    /** 0 turns recycling by job count off. */
    @Inject
    @ConfigProperty(name = "orator.engine.recycle-after-jobs", defaultValue = "0")
    long recycleAfterJobs;

    /** 0 turns recycling by RSS off. */
    @Inject
    @ConfigProperty(name = "orator.engine.recycle-above-rss-bytes", defaultValue = "0")
    long recycleAboveRssBytes;

    @Inject
    @ConfigProperty(name = "orator.inference.empty-gpu-cache-after-job", defaultValue = "true")
    boolean emptyGpuCacheAfterJob;

    /** Called after every job, whatever its outcome. */
    void afterJob(boolean gpuRanOutOfMemory) {
        if (emptyGpuCacheAfterJob) {
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

    private void recycle(String reason) {
        long started = System.nanoTime();
        long rssBefore = ProcessMemory.rssBytes();
        boolean now = voices.reload();
        LOG.info(() -> (now ? "Recycled" : "Will recycle") + " the neural engines (" + reason + ") in "
                + (System.nanoTime() - started) / 1_000_000 + " ms; RSS " + rssBefore / (1 << 20) + " MiB -> "
                + ProcessMemory.rssBytes() / (1 << 20) + " MiB");
    }
}
