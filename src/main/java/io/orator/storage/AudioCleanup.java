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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
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
        return removeFiles(store.tempDirectory(), "*" + AudioStore.TEMP_SUFFIX,
                name -> runningPrefix.isEmpty() || !name.startsWith(runningPrefix.get()));
    }

    /** Finished-looking audio that no SUCCEEDED job points at: a crash between rename and commit. */
    private int removeOrphanAudio() {
        return removeFiles(store.audioDirectory(), "*.wav", name -> {
            try {
                return !rules.isLiveAudio(UUID.fromString(name.substring(0, name.length() - ".wav".length())));
            } catch (IllegalArgumentException notOurs) {
                return false;
            }
        });
    }

    private int removeFiles(Path dir, String glob, java.util.function.Predicate<String> removable) {
        Instant graceLimit = Instant.now().minusSeconds(orphanGraceSeconds);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (Files.getLastModifiedTime(file).toInstant().isBefore(graceLimit) && removable.test(name)) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot sweep " + dir + ": " + e.getMessage());
        }
        return removed;
    }
}
