package io.orator.retention;

import io.orator.clients.ClientLimits;
import io.orator.jobs.IdempotencyKeys;
import io.orator.jobs.JobClock;
import io.orator.jobs.JobTransitions;
import io.orator.storage.AudioStore;
import io.orator.storage.OldFiles;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.inject.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scheduled cleanup: expires audio past its retention, keeps audio under the disk quota
 * (oldest first), removes files no job owns (left by crashes) and purges old history rows.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AudioCleanup {

    private static final Logger LOG = Logger.getLogger(AudioCleanup.class.getName());
    private static final int BATCH = 200;
    private static final int MAX_EVICTIONS = 10_000;
    private static final int JOB_ID_LENGTH = 36;

    @Resource
    TimerService timers;

    @Inject
    RetentionQueries queries;

    @Inject
    JobTransitions transitions;

    @Inject
    AudioStore store;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    ClientLimits limits;

    @Inject
    @ConfigProperty(name = "orator.cleanup.interval-seconds", defaultValue = "60")
    long intervalSeconds;

    /** Read at each pass, as the history age is, so operators can change them without a restart. */
    @Inject
    @ConfigProperty(name = "orator.storage.quota-bytes", defaultValue = "10737418240")
    Provider<Long> quotaBytes;

    @Inject
    @ConfigProperty(name = "orator.history.retention-days", defaultValue = "90")
    Provider<Long> historyDays;

    /** Files younger than this may belong to a job finishing right now: left alone. */
    @Inject
    @ConfigProperty(name = "orator.cleanup.orphan-grace-seconds", defaultValue = "600")
    long orphanGraceSeconds;

    private final ReentrantLock running = new ReentrantLock();
    private volatile long bytesOnDisk = -1;

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
            Instant now = JobClock.now();
            long[] freed = {0};
            int expired = expire(queries.expiredBefore(now, BATCH), now, freed);
            int overQuota = enforceQuota(now, freed);
            int temp = removeStaleTempFiles();
            int orphans = removeOrphanAudio();
            int purged = purgeHistory(now);
            int forgotten = idempotencyKeys.purgeExpired();
            if (forgotten > 0) {
                LOG.fine(() -> "Cleanup: " + forgotten + " expired Idempotency-Keys forgotten");
            }
            bytesOnDisk = store.bytesStored();
            CleanupReport report = new CleanupReport(expired, overQuota, temp, orphans, purged, freed[0]);
            if (expired + overQuota + temp + orphans + purged > 0) {
                LOG.info(() -> "Cleanup: " + report);
            }
            return Optional.of(report);
        } finally {
            running.unlock();
        }
    }

    /** Bytes of finished audio on disk at the end of the last pass; -1 before the first. */
    public long bytesOnDisk() {
        return bytesOnDisk;
    }

    private int expire(List<RetentionQueries.StoredAudio> due, Instant now, long[] freed) {
        int expired = 0;
        for (RetentionQueries.StoredAudio audio : due) {
            if (transitions.expire(audio.id(), audio.file(), now)) {
                expired++;
                freed[0] += audio.bytes();
            }
        }
        return expired;
    }

    /**
     * The quotas: first each client's own ({@code max-audio-bytes}, see {@link ClientLimits}),
     * from its own oldest audio; then the server's ({@code orator.storage.quota-bytes}), from
     * the oldest audio of whichever client keeps the most. So no client's audio goes to make
     * room for a client that keeps more. At most {@value #MAX_EVICTIONS} files a pass.
     */
    private int enforceQuota(Instant now, long[] freed) {
        Map<String, Long> stored = new HashMap<>(queries.storedBytesByClient());
        int expired = 0;
        for (String client : List.copyOf(stored.keySet())) {
            long limit = limits.of(client, ClientLimits.Limit.AUDIO_BYTES);
            while (limit > 0 && stored.getOrDefault(client, 0L) > limit && expired < MAX_EVICTIONS) {
                if (!expireOldestOf(client, stored, now, freed)) {
                    break;
                }
                expired++;
            }
        }
        long quota = quotaBytes.get();
        while (total(stored) > quota && expired < MAX_EVICTIONS) {
            String heaviest = stored.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            if (expireOldestOf(heaviest, stored, now, freed)) {
                expired++;
            } else {
                stored.remove(heaviest);
            }
        }
        return expired;
    }

    /** Expires the client's oldest audio; false when it has none left (or it just went). */
    private boolean expireOldestOf(String client, Map<String, Long> stored, Instant now, long[] freed) {
        List<RetentionQueries.StoredAudio> oldest = queries.oldestAudioOf(client, 1);
        if (oldest.isEmpty()) {
            stored.remove(client);
            return false;
        }
        RetentionQueries.StoredAudio audio = oldest.get(0);
        stored.merge(client, -audio.bytes(), Long::sum);
        if (!transitions.expire(audio.id(), audio.file(), now)) {
            return false;
        }
        freed[0] += audio.bytes();
        return true;
    }

    private static long total(Map<String, Long> stored) {
        return stored.values().stream().mapToLong(Long::longValue).sum();
    }

    /** History rows past their retention, in batches, each batch its own transaction. */
    private int purgeHistory(Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(historyDays.get()));
        int purged = 0;
        int batch;
        do {
            batch = transitions.purgeHistoryBefore(cutoff, BATCH);
            purged += batch;
        } while (batch == BATCH);
        return purged;
    }

    /**
     * This node's files of attempts that are not running any more (crashed, recovered, abandoned,
     * deleted): half-written audio, and finished audio a crash kept from being published.
     */
    private int removeStaleTempFiles() {
        Path dir = store.tempDirectory();
        List<String> stale;
        try {
            stale = unowned(names(OldFiles.in(dir, "*", graceStart())), queries::runningAttemptsOf, AudioStore::attemptOf);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot sweep " + dir + ": " + e.getMessage());
            return 0;
        }
        int removed = 0;
        for (String name : stale) {
            try {
                removed += Files.deleteIfExists(dir.resolve(name)) ? 1 : 0;
            } catch (IOException e) {
                LOG.warning(() -> "Cannot delete " + name + ": " + e.getMessage());
            }
        }
        return removed;
    }

    /**
     * Stored audio (and timelines) that no SUCCEEDED job points at: a crash between publishing
     * and commit, or the audio of an attempt that lost its job; and kept segments of jobs that
     * will not continue (ended, deleted, or a crash before their segments were deleted).
     */
    private int removeOrphanAudio() {
        List<String> orphans;
        try {
            Map<Boolean, List<String>> stored = store.storedBefore(graceStart()).stream()
                    .collect(Collectors.partitioningBy(AudioStore::isSegment));
            orphans = new ArrayList<>(unowned(stored.get(false), queries::liveAudioFilesOf,
                    name -> AudioStore.attemptOf(name) + AudioStore.AUDIO_SUFFIX));
            // A kept segment stays while its job may still continue from it.
            orphans.addAll(unowned(stored.get(true), queries::unfinishedJobsOf, name -> name.substring(0, JOB_ID_LENGTH)));
        } catch (IOException e) {
            LOG.warning(() -> "Cannot sweep the stored audio: " + e.getMessage());
            return 0;
        }
        int removed = 0;
        for (String name : orphans) {
            removed += store.deleteStored(name) ? 1 : 0;
        }
        return removed;
    }

    /**
     * The job files among {@code names} that no job owns, asking the database about many files at
     * once, not once per file. Files whose names name no job are left alone.
     *
     * @param owned the keys, among those of the given jobs, whose files must stay
     * @param key   a file name's key in {@code owned}
     */
    private List<String> unowned(List<String> names, Function<Collection<UUID>, Set<String>> owned,
                                 Function<String, String> key) {
        Map<UUID, List<String>> byJob = new HashMap<>();
        for (String name : names) {
            AudioStore.jobOf(name).ifPresent(id -> byJob.computeIfAbsent(id, k -> new ArrayList<>()).add(name));
        }
        List<UUID> ids = new ArrayList<>(byJob.keySet());
        List<String> unowned = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            Set<String> keep = owned.apply(batch);
            batch.stream().flatMap(id -> byJob.get(id).stream())
                    .filter(name -> !keep.contains(key.apply(name)))
                    .forEach(unowned::add);
        }
        return unowned;
    }

    /** Files younger than the grace period may belong to a job finishing now. */
    private Instant graceStart() {
        return Instant.now().minusSeconds(orphanGraceSeconds);
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }
}
