package io.orator.metrics;

import io.orator.jobs.JobEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orator's meters, served as Prometheus text on {@code :9990/metrics}. Gauges read values that
 * dispatch and storage keep current, never the database at scrape time. Meters are removed at
 * undeploy so a redeploy registers them exactly once.
 */
@ApplicationScoped
public class OratorMetrics {

    @Inject
    MeterRegistry registry;

    private final List<Meter> meters = new ArrayList<>();
    private final Map<JobEvent.Kind, Counter> jobCounters = new EnumMap<>(JobEvent.Kind.class);
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong runningJobs = new AtomicLong();
    private final AtomicLong audioBytesOnDisk = new AtomicLong();
    private final AtomicLong lastRealTimeFactorMicros = new AtomicLong();
    private Timer synthesisTime;
    private DistributionSummary realTimeFactor;
    private Counter audioSecondsProduced;

    @PostConstruct
    void register() {
        for (JobEvent.Kind kind : List.of(JobEvent.Kind.SUBMITTED, JobEvent.Kind.SUCCEEDED, JobEvent.Kind.FAILED,
                JobEvent.Kind.CANCELLED, JobEvent.Kind.EXPIRED)) {
            String name = "orator.jobs." + kind.name().toLowerCase(java.util.Locale.ROOT);
            jobCounters.put(kind, keep(Counter.builder(name).description("Jobs " + kind.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry)));
        }
        keep(Gauge.builder("orator.queue.depth", queueDepth, AtomicLong::get)
                .description("Jobs waiting in the queue").register(registry));
        keep(Gauge.builder("orator.jobs.running", runningJobs, AtomicLong::get)
                .description("Jobs running on this node").register(registry));
        keep(Gauge.builder("orator.audio.disk", audioBytesOnDisk, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of finished audio on disk").register(registry));
        keep(Gauge.builder("orator.process.rss", ProcessMemory::rssBytes).baseUnit("bytes")
                .description("Resident set size of the server process").register(registry));
        keep(Gauge.builder("orator.synthesis.last.real.time.factor", lastRealTimeFactorMicros, v -> v.get() / 1e6)
                .description("Synthesis time over audio duration of the last finished job").register(registry));
        synthesisTime = keep(Timer.builder("orator.synthesis").description("Time spent synthesizing a job")
                .register(registry));
        realTimeFactor = keep(DistributionSummary.builder("orator.synthesis.real.time.factor")
                .description("Synthesis time over audio duration, per job (below 1 is faster than real time)")
                .register(registry));
        audioSecondsProduced = keep(Counter.builder("orator.audio.produced").baseUnit("seconds")
                .description("Seconds of audio produced").register(registry));
    }

    @PreDestroy
    void unregister() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEvent event) {
        Counter counter = jobCounters.get(event.kind());
        if (counter != null) {
            counter.increment();
        }
    }

    /** Outcome counters for changes made outside a request (worker, cleanup). */
    public void countOutcome(JobEvent.Kind kind, long jobs) {
        Counter counter = jobCounters.get(kind);
        if (counter != null && jobs > 0) {
            counter.increment(jobs);
        }
    }

    public void recordSynthesis(long millis, double audioSeconds) {
        synthesisTime.record(Duration.ofMillis(millis));
        audioSecondsProduced.increment(audioSeconds);
        if (audioSeconds > 0) {
            double rtf = millis / 1000.0 / audioSeconds;
            realTimeFactor.record(rtf);
            lastRealTimeFactorMicros.set(Math.round(rtf * 1e6));
        }
    }

    public void queueDepth(long jobs) {
        queueDepth.set(jobs);
    }

    public void runningJobs(long jobs) {
        runningJobs.set(jobs);
    }

    public void audioBytesOnDisk(long bytes) {
        audioBytesOnDisk.set(bytes);
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }
}
