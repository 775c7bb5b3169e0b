package io.orator.voices;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.storage.DataDirectory;
import io.orator.synthesis.SpeakerVoice;
import io.orator.voices.espeak.EspeakEngine;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every voice this server can speak with, and the engine behind each. Loads and warms the
 * engines at start-up; readiness waits for it. Jobs hold a {@link Lease} while they speak, so an
 * operator's recycle (close and reload the engines, releasing their native memory) runs only
 * between jobs: at once when none runs, otherwise when the running job ends.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class VoiceRegistry {

    private static final Logger LOG = Logger.getLogger(VoiceRegistry.class.getName());
    private static final String WARM_UP_TEXT = "Ready.";

    @Inject
    DataDirectory dataDirectory;

    private volatile Map<String, SpeakerVoice> voices = Map.of();
    private volatile List<String> defaultVoices = List.of();
    private final List<SpeechEngine> engines = new ArrayList<>();
    private volatile boolean ready;
    private volatile String problem;
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private final AtomicBoolean reloadPending = new AtomicBoolean();
    private final AtomicLong jobsSinceReload = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();

    @PostConstruct
    void load() {
        problem = null;
        try {
            EspeakEngine espeak = new EspeakEngine(dataDirectory.resolve("espeak"));
            engines.add(espeak);
            Map<String, SpeakerVoice> loaded = new LinkedHashMap<>();
            for (SpeechEngine engine : engines) {
                engine.voices().forEach(v -> loaded.put(v.id(), new SpeakerVoice(v, engine)));
            }
            voices = Collections.unmodifiableMap(loaded);
            defaultVoices = EspeakEngine.DEFAULT_SPEAKER_VOICES;
            warmUp();
            ready = true;
            LOG.info(() -> "Voices ready: " + loaded.size() + " voices from " + engines.size() + " engine(s)");
        } catch (RuntimeException | Error e) {
            problem = "Loading the embedded voices failed: " + e.getMessage();
            LOG.log(Level.SEVERE, problem, e);
        }
    }

    @PreDestroy
    void close() {
        ready = false;
        engines.forEach(SpeechEngine::close);
        engines.clear();
    }

    /** Keeps the engines open until closed; a job holds one from its first voice lookup to its last chunk. */
    public Lease lease() {
        inUse.readLock().lock();
        return new Lease();
    }

    /**
     * Closes and reloads every engine, re-reading their voice catalogues: at once when no job
     * holds a lease, otherwise as soon as the last one closes. New leases wait for the reload.
     *
     * @return true when the reload ran now, false when it waits for the running job
     */
    public boolean reload() {
        reloadPending.set(true);
        return reloadIfIdle();
    }

    /** Whether a reload waits for the running job to end. */
    public boolean isReloadPending() {
        return reloadPending.get();
    }

    /** Jobs that used the engines since they were last loaded. */
    public long jobsSinceReload() {
        return jobsSinceReload.get();
    }

    /** Reloads since the application started. */
    public long reloads() {
        return reloads.get();
    }

    private boolean reloadIfIdle() {
        if (!inUse.writeLock().tryLock()) {
            return false;
        }
        try {
            if (reloadPending.getAndSet(false)) {
                LOG.info("Reloading the speech engines");
                close();
                load();
                jobsSinceReload.set(0);
                reloads.incrementAndGet();
            }
            return true;
        } finally {
            inUse.writeLock().unlock();
        }
    }

    /** The engines in use by one job. */
    public final class Lease implements AutoCloseable {

        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease() {
        }

        @Override
        public void close() {
            if (closed.getAndSet(true)) {
                return;
            }
            inUse.readLock().unlock();
            jobsSinceReload.incrementAndGet();
            if (reloadPending.get()) {
                reloadIfIdle();
            }
        }
    }

    /** A short dummy call per default voice, so the first job does not pay for cold native code. */
    private void warmUp() {
        for (String id : defaultVoices) {
            SpeakerVoice voice = voices.get(id);
            try {
                voice.engine().synthesize(voice.voice(), WARM_UP_TEXT, 1.0, (samples, offset, length) -> { });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public boolean isReady() {
        return ready;
    }

    /** Why the voices are not ready, if they failed to load. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public Collection<Voice> all() {
        return voices.values().stream().map(SpeakerVoice::voice).toList();
    }

    public Optional<SpeakerVoice> speakerVoice(String id) {
        return Optional.ofNullable(voices.get(id));
    }

    /**
     * Gives each speaker of a script a voice: the one requested, or a default no other speaker
     * of the job has, so every speaker sounds different.
     *
     * @throws ProblemException 422 naming each requested voice or speaker key that is wrong
     */
    public SortedMap<Integer, String> cast(List<Integer> speakers, Map<String, String> requested, int maxSpeakers) {
        SortedMap<Integer, String> cast = new TreeMap<>();
        List<FieldError> errors = new ArrayList<>();
        if (requested != null) {
            requested.forEach((key, voiceId) -> {
                Integer speaker = speakerNumber(key, maxSpeakers);
                if (speaker == null) {
                    errors.add(new FieldError("voices." + key, "is not a speaker number from 1 to " + maxSpeakers));
                } else if (voiceId == null || !voices.containsKey(voiceId)) {
                    errors.add(new FieldError("voices." + key, "unknown voice '" + voiceId
                            + "'; GET /api/v1/voices lists the voices of this server"));
                } else if (speakers.contains(speaker)) {
                    cast.put(speaker, voiceId);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Some requested voices are not available", errors);
        }
        Set<String> taken = new HashSet<>(cast.values());
        List<String> spare = new ArrayList<>(defaultVoices.stream().filter(v -> !taken.contains(v)).toList());
        for (Integer speaker : speakers) {
            if (!cast.containsKey(speaker)) {
                cast.put(speaker, spare.isEmpty() ? defaultVoices.get(0) : spare.remove(0));
            }
        }
        return cast;
    }

    private static Integer speakerNumber(String key, int maxSpeakers) {
        try {
            int speaker = Integer.parseInt(key.trim());
            return speaker >= 1 && speaker <= maxSpeakers ? speaker : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
