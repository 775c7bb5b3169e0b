package io.orator.admin;

import io.orator.metrics.OratorMetrics;
import io.orator.voices.VoiceRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples RSS, heap, GPU memory and the last real-time factor on a timer into a {@link SampleRing},
 * so the console can chart the last hours without a metrics server. Its methods are public:
 * callers reach this bean through its EJB view, which forwards public methods only.
 */
@Singleton
@Startup
@DependsOn("VoiceRegistry")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Sampler {

    /** However the keys are set, the ring never holds more than this (a day at 1 s). */
    static final int MAX_SAMPLES = 86_400;
    private static final Logger LOG = Logger.getLogger(Sampler.class.getName());

    @Resource
    TimerService timers;

    @Inject
    VoiceRegistry voices;

    @Inject
    OratorMetrics metrics;

    @Inject
    @ConfigProperty(name = "orator.console.sample-seconds", defaultValue = "10")
    long sampleSeconds;

    @Inject
    @ConfigProperty(name = "orator.console.sample-hours", defaultValue = "6")
    long keepHours;

    private SampleRing ring;
    private long period;

    @PostConstruct
    void start() {
        period = Math.max(1, sampleSeconds);
        long capacity = Math.max(1, keepHours) * 3600 / period;
        ring = new SampleRing((int) Math.max(1, Math.min(MAX_SAMPLES, capacity)));
        timers.createIntervalTimer(0, Duration.ofSeconds(period).toMillis(), new TimerConfig("samples", false));
    }

    @Timeout
    void sample() {
        try {
            MemoryReading memory = MemoryReading.now(voices);
            ring.add(new Sample(System.currentTimeMillis(), memory.rssBytes(), memory.heapUsedBytes(), memory.gpuUsedBytes(),
                    metrics.lastRealTimeFactor()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sampling for the console failed; it runs again in " + period + " s", e);
        }
    }

    /** The samples taken after {@code sinceMillis}, oldest first. */
    public List<Sample> since(long sinceMillis) {
        return ring.since(sinceMillis);
    }

    public long periodSeconds() {
        return period;
    }

    public int capacity() {
        return ring.capacity();
    }
}
