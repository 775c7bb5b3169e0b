package io.orator.metrics;

import io.orator.platform.ProcessMemory;
import io.orator.dispatch.Dispatcher;
import io.orator.jobs.ClaimRaces;
import io.orator.jobs.JobEvent;
import io.orator.jobs.RunStats;
import io.orator.retention.AudioCleanup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.orator.voices.VoiceRegistry;
import io.orator.webhooks.WebhookSender;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orator's meters, served as Prometheus text on {@code :9990/metrics}. Gauges read values that
 * dispatch and storage keep current, never the database at scrape time.
 */
@ApplicationScoped
public class OratorMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    VoiceRegistry voices;

    @Inject
    Dispatcher dispatcher;

    @Inject
    AudioCleanup cleanup;

    @Inject
    WebhookSender webhooks;

    @Inject
    ClaimRaces claimRaces;

    private final Map<JobEvent.Kind, Counter> jobCounters = new EnumMap<>(JobEvent.Kind.class);
    private final AtomicLong lastRealTimeFactorMicros = new AtomicLong();
    private Timer synthesisTime;
    private DistributionSummary realTimeFactor;
    private Counter audioSecondsProduced;

    @PostConstruct
    void register() {
        // WildFly's per-deployment registry forwards only its convenience methods (counter(name),
        // gauge(name, ...)) to the exported registry; meters built with Meter.builder(...).register
        // would stay private to the deployment and never reach /metrics.
        for (JobEvent.Kind kind : List.of(JobEvent.Kind.SUBMITTED, JobEvent.Kind.SUCCEEDED, JobEvent.Kind.FAILED,
                JobEvent.Kind.CANCELLED, JobEvent.Kind.EXPIRED)) {
            jobCounters.put(kind, registry.counter("orator.jobs." + kind.name().toLowerCase(Locale.ROOT), Tags.empty()));
        }
        registry.gauge("orator.queue.depth", Tags.empty(), dispatcher, Dispatcher::queueDepthAtLastTick);
        registry.gauge("orator.jobs.running", Tags.empty(), dispatcher, d -> d.runningJob().isPresent() ? 1 : 0);
        registry.gauge("orator.audio.disk.bytes", Tags.empty(), cleanup, c -> Math.max(0, c.bytesOnDisk()));
        registry.gauge("orator.process.rss.bytes", Tags.empty(), this, metrics -> ProcessMemory.rssBytes());
        registry.gauge("orator.synthesis.last.real.time.factor", Tags.empty(), lastRealTimeFactorMicros,
                v -> v.get() / 1e6);
        synthesisTime = registry.timer("orator.synthesis", Tags.empty());
        realTimeFactor = registry.summary("orator.synthesis.real.time.factor", Tags.empty());
        audioSecondsProduced = registry.counter("orator.audio.produced.seconds", Tags.empty());
        registry.more().counter("orator.engine.recycles", Tags.empty(), voices, VoiceRegistry::reloads);
        registry.more().counter("orator.dispatch.claims", Tags.empty(), claimRaces, ClaimRaces::wins);
        registry.more().counter("orator.dispatch.claims.lost", Tags.empty(), claimRaces, ClaimRaces::losses);
        registry.more().counter("orator.webhooks.delivered", Tags.empty(), webhooks, WebhookSender::delivered);
        registry.more().counter("orator.webhooks.failed.tries", Tags.empty(), webhooks, WebhookSender::failedTries);
        registry.more().counter("orator.webhooks.given.up", Tags.empty(), webhooks, WebhookSender::givenUp);
        registry.gauge("orator.gpu.memory.used.bytes", Tags.empty(), this, m -> gpu(MemoryUsage::getUsed));
        registry.gauge("orator.gpu.memory.free.bytes", Tags.empty(), this,
                m -> gpu(usage -> usage.getMax() - usage.getUsed()));
    }

    /** Removes this deployment's meters, so a redeploy registers them exactly once. */
    @PreDestroy
    void unregister() {
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("orator."))
                .forEach(registry::remove);
    }

    /** Counts every committed transition, and records what a successful run cost. */
    void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEvent event) {
        Counter counter = jobCounters.get(event.kind());
        if (counter != null) {
            counter.increment();
        }
        if (event.kind() == JobEvent.Kind.SUCCEEDED && event.stats() != null) {
            recordSynthesis(event.stats());
        }
    }

    private void recordSynthesis(RunStats stats) {
        synthesisTime.record(Duration.ofMillis(stats.synthesisMillis()));
        audioSecondsProduced.increment(stats.audioSeconds());
        Double rtf = stats.realTimeFactor();
        if (rtf != null) {
            realTimeFactor.record(rtf);
            lastRealTimeFactorMicros.set(Math.round(rtf * 1e6));
        }
    }

    /** NaN without a GPU: Prometheus shows the gauge, with no value to mislead. */
    private double gpu(java.util.function.ToLongFunction<MemoryUsage> value) {
        return voices.gpuMemory().map(usage -> (double) value.applyAsLong(usage)).orElse(Double.NaN);
    }

    /** Real-time factor of the last finished job (synthesis time / audio time), or NaN before the first. */
    public double lastRealTimeFactor() {
        long micros = lastRealTimeFactorMicros.get();
        return micros == 0 ? Double.NaN : micros / 1e6;
    }
}
