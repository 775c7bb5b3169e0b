package io.orator.admin;

import io.orator.dispatch.Dispatcher;
import io.orator.jobs.ClaimRaces;
import io.orator.jobs.JobEventStreams;
import io.orator.jobs.LiveJobs;
import io.orator.jobs.QueueStatistics;
import io.orator.metrics.OratorMetrics;
import io.orator.voices.VoiceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** What an operator sees at a glance: queue, running job, outcomes per hour, engine, memory, health. */
@ApplicationScoped
class Dashboard {

    /** Without a GPU engine there is no GPU memory to report (JMX cannot say null). */
    static final long NO_GPU = -1;

    @Inject
    Dispatcher dispatcher;

    @Inject
    QueueStatistics statistics;

    @Inject
    LiveJobs liveJobs;

    @Inject
    ClaimRaces claimRaces;

    @Inject
    JobEventStreams streams;

    @Inject
    VoiceRegistry voices;

    @Inject
    OratorMetrics metrics;

    @Inject
    @Any
    Instance<HealthCheck> checks;

    JsonObject summary(int hours) {
        JsonObjectBuilder jobCounts = Json.createObjectBuilder();
        statistics.countsByStatus().forEach((status, count) -> jobCounts.add(status.name(), count));
        JsonArrayBuilder perHour = Json.createArrayBuilder();
        statistics.finishedPerHour(hours).forEach((hour, outcomes) -> {
            JsonObjectBuilder row = Json.createObjectBuilder().add("hour", hour.toString());
            outcomes.forEach(row::add);
            perHour.add(row);
        });
        JsonObjectBuilder summary = Json.createObjectBuilder()
                .add("dispatch", dispatch())
                .add("jobs", jobCounts)
                .add("jobsPerHour", perHour)
                .add("engine", engine())
                .add("memory", memory())
                .add("eventListeners", streams.listenerCount())
                .add("health", health());
        return summary.build();
    }

    JsonObject dispatch() {
        JsonObjectBuilder dispatch = Json.createObjectBuilder()
                .add("paused", dispatcher.isPaused())
                .add("draining", dispatcher.isDraining())
                .add("waitingForStore", dispatcher.isWaitingForStore())
                .add("queueDepth", statistics.queueDepth())
                .add("claims", claimRaces.wins())
                .add("claimsLostToOtherNodes", claimRaces.losses());
        dispatcher.runningJob().flatMap(this::running).ifPresent(job -> dispatch.add("running", job));
        return dispatch.build();
    }

    private Optional<JsonObject> running(UUID id) {
        return liveJobs.find(id).map(view -> {
            JsonObjectBuilder running = Json.createObjectBuilder()
                    .add("id", id.toString())
                    .add("attempt", view.row().getAttempts())
                    .add("progress", view.progress())
                    .add("chunk", view.chunksDone())
                    .add("chunks", view.chunksTotal());
            view.live().ifPresent(p -> running.add("audioSeconds", Math.round(p.audioSeconds() * 1000) / 1000.0));
            if (view.row().getStartedAt() != null) {
                running.add("startedAt", view.row().getStartedAt().toString());
            }
            return running.build();
        });
    }

    JsonObject engine() {
        JsonObjectBuilder engine = Json.createObjectBuilder()
                .add("ready", voices.isReady())
                .add("voices", voices.all().size())
                .add("reloadPending", voices.isReloadPending())
                .add("jobsSinceReload", voices.jobsSinceReload())
                .add("reloads", voices.reloads());
        double rtf = metrics.lastRealTimeFactor();
        if (!Double.isNaN(rtf)) {
            engine.add("lastRealTimeFactor", rtf);
        }
        voices.problem().ifPresent(p -> engine.add("error", p));
        return engine.build();
    }

    private JsonObject memory() {
        MemoryReading memory = MemoryReading.now(voices);
        var json = Json.createObjectBuilder()
                .add("rssBytes", memory.rssBytes())
                .add("peakRssBytes", memory.peakRssBytes())
                .add("heapUsedBytes", memory.heapUsedBytes())
                .add("heapMaxBytes", memory.heapMaxBytes());
        memory.gpu().ifPresentOrElse(gpu -> json.add("gpuBytes", gpu.getUsed()).add("gpuFreeBytes", gpu.getMax() - gpu.getUsed()),
                () -> json.addNull("gpuBytes"));
        return json.build();
    }

    private JsonArrayBuilder health() {
        JsonArrayBuilder health = Json.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse response = check.call();
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("name", response.getName())
                    .add("status", response.getStatus().name());
            response.getData().ifPresent(data -> {
                JsonObjectBuilder values = Json.createObjectBuilder();
                data.forEach((key, value) -> {
                    if (value instanceof Number number) {
                        values.add(key, number.longValue());
                    } else if (value instanceof Boolean bool) {
                        values.add(key, bool);
                    } else {
                        values.add(key, String.valueOf(value));
                    }
                });
                entry.add("data", values);
            });
            health.add(entry);
        }
        return health;
    }
}
