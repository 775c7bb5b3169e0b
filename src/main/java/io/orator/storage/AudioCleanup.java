package io.orator.storage;

import io.orator.dispatch.Dispatcher;
import io.orator.jobs.JobEvent;
import io.orator.metrics.OratorMetrics;
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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scheduled cleanup: expires audio past its retention, keeps audio under the disk quota
 * (oldest first), removes files no job owns (left by crashes) and purges old history rows.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "Dispatcher"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AudioCleanup {

    private static final Logger LOG = Logger.getLogger(AudioCleanup.class.getName());
    private static final int BATCH = 200;
    private static final long DEFAULT_QUOTA_BYTES = 10L * 1024 * 1024 * 1024;
    private static final long DEFAULT_HISTORY_DAYS = 90;

    @Resource
    TimerService timers;

    @Inject
    RetentionRules rules;

    @Inject
    AudioStore store;

    @Inject
    Dispatcher dispatcher;

    @Inject
    OratorMetrics metrics;

    @Inject
    @ConfigProperty(name = "orator.cleanup.interval-seconds", defaultValue = "60")
    long intervalSeconds;

    /** Quota and history age are read at each pass, so operators can change them without a restart. */
    @Inject
    Config config;

    /** Files younger than this may belong to a job finishing right now: left alone. */
    @Inject
    @ConfigProperty(name = "orator.cleanup.orphan-grace-seconds", defaultValue = "600")
    long orphanGraceSeconds;

    private final ReentrantLock running = new ReentrantLock();

    @PostConstruct
    void schedule() {
        long period = Duration.ofSeconds(intervalSeconds).toMillis();
        timers.createIntervalTimer(period, period, new TimerConfig("audio-cleanup", false));
    }

    @Timeout
    void onTimer() {
        try {
            runNow();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cleanup failed; it runs again in " + intervalSeconds + " s", e);
        }
    }

    /** Runs one pass now (also for operators); a pass already running makes this a no-op. */
    public Optional<CleanupReport> runNow() {
        if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long[] freed = {0};
            int expired = expire(rules.expiredBefore(now, BATCH), now, freed);
            int overQuota = enforceQuota(now, freed);
            int temp = removeStaleTempFiles();
            int orphans = removeOrphanAudio();
            long historyDays = config.getOptionalValue("orator.history.retention-days", Long.class).orElse(DEFAULT_HISTORY_DAYS);
            int purged = rules.purgeHistoryBefore(now.minus(Duration.ofDays(historyDays)));
            metrics.countOutcome(JobEvent.Kind.EXPIRED, expired + overQuota);
            metrics.audioBytesOnDisk(store.bytesOnDisk());
            CleanupReport report = new CleanupReport(expired, overQuota, temp, orphans, purged, freed[0]);
            if (expired + overQuota + temp + orphans + purged > 0) {
                LOG.info(() -> "Cleanup: " + report);
            }
            return Optional.of(report);
        } finally {
            running.unlock();
        }
    }

    private int expire(List<RetentionRules.StoredAudio> due, Instant now, long[] freed) {
        int expired = 0;
        for (RetentionRules.StoredAudio audio : due) {
            if (rules.expire(audio, now)) {
                expired++;
                freed[0] += audio.bytes();
            }
        }
        return expired;
    }

    private int enforceQuota(Instant now, long[] freed) {
        long quotaBytes = config.getOptionalValue("orator.storage.quota-bytes", Long.class).orElse(DEFAULT_QUOTA_BYTES);
        long stored = rules.storedBytes();
        int expired = 0;
        while (stored > quotaBytes) {
            List<RetentionRules.StoredAudio> oldest = rules.oldestAudio(BATCH);
            if (oldest.isEmpty()) {
                break;
            }
            for (RetentionRules.StoredAudio audio : oldest) {
                if (stored <= quotaBytes) {
                    break;
                }
                if (rules.expire(audio, now)) {
                    expired++;
                    stored -= audio.bytes();
                    freed[0] += audio.bytes();
                }
            }
        }
        return expired;
    }

    /** Temp files of attempts that are not running here any more (crashed, recovered, abandoned). */
    private int removeStaleTempFiles() {
        Optional<String> runningPrefix = dispatcher.runningJob().map(UUID::toString);
        return delete(filesPastGrace(store.tempDirectory(), "*" + AudioStore.TEMP_SUFFIX).stream()
                .filter(file -> runningPrefix.isEmpty() || !file.getFileName().toString().startsWith(runningPrefix.get()))
                .toList());
    }

    /**
     * Finished-looking audio that no SUCCEEDED job points at: a crash between rename and commit.
     * Asks the database about many files at once, not once per file.
     */
    private int removeOrphanAudio() {
        Map<UUID, Path> candidates = new HashMap<>();
        for (Path file : filesPastGrace(store.audioDirectory(), "*.wav")) {
            String name = file.getFileName().toString();
            try {
                candidates.put(UUID.fromString(name.substring(0, name.length() - ".wav".length())), file);
            } catch (IllegalArgumentException notOurs) {
                // Not a job's file: left alone.
            }
        }
        List<UUID> ids = new ArrayList<>(candidates.keySet());
        List<Path> orphans = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            Set<UUID> live = rules.liveAudioAmong(batch);
            batch.stream().filter(id -> !live.contains(id)).map(candidates::get).forEach(orphans::add);
        }
        return delete(orphans);
    }

    /** Files in {@code dir} older than the grace period: younger ones may belong to a job finishing now. */
    private List<Path> filesPastGrace(Path dir, String glob) {
        try {
            return OldFiles.in(dir, glob, Instant.now().minusSeconds(orphanGraceSeconds));
        } catch (IOException e) {
            LOG.warning(() -> "Cannot sweep " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static int delete(List<Path> files) {
        int removed = 0;
        for (Path file : files) {
            try {
                removed += Files.deleteIfExists(file) ? 1 : 0;
            } catch (IOException e) {
                LOG.warning(() -> "Cannot delete " + file + ": " + e.getMessage());
            }
        }
        return removed;
    }
}
