package io.orator.voices;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import io.orator.storage.DataDirectory;
import io.orator.synthesis.SpeakerVoice;
import io.orator.voices.espeak.EspeakEngine;
import io.orator.voices.piper.DjlEnvironment;
import io.orator.voices.piper.InferenceDevice;
import io.orator.voices.piper.PackProblem;
import io.orator.voices.piper.PiperEngine;
import io.orator.voices.piper.VoicePack;
import io.orator.voices.piper.VoicePacks;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every voice this server can speak with, and the engine behind each: the embedded espeak-ng
 * voices, and the Piper voice packs found in the voices directory (TorchScript on DJL's
 * PyTorch engine, ONNX on ONNX Runtime). Loads and warms the engines at start-up; readiness
 * waits for it. A pack that cannot be used is listed with its reason and never stops the rest.
 * Jobs hold a {@link Lease} while they speak, so a reload of the neural engines (recycling their
 * native memory, or picking up new packs) runs only between jobs: at once when none runs,
 * otherwise when the running job ends.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class VoiceRegistry {

    private static final Logger LOG = Logger.getLogger(VoiceRegistry.class.getName());
    private static final String WARM_UP_TEXT = "Ready.";

    @Inject
    DataDirectory dataDirectory;

    @Inject
    @ConfigProperty(name = "orator.voices.dir")
    Optional<String> voicesDirectory;

    @Inject
    @ConfigProperty(name = "orator.inference.device", defaultValue = "auto")
    String inferenceDevice;

    @Inject
    @ConfigProperty(name = "orator.inference.onednn-primitive-cache-capacity", defaultValue = "32")
    int onednnPrimitiveCacheCapacity;

    @Inject
    @ConfigProperty(name = "orator.inference.ideep-cache-capacity", defaultValue = "32")
    int ideepCacheCapacity;

    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private final AtomicBoolean reloadPending = new AtomicBoolean();
    private final AtomicLong jobsSinceReload = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private EspeakEngine espeak;
    private volatile VoiceCatalog catalog = VoiceCatalog.empty();
    private volatile boolean ready;
    private volatile String problem;

    @PostConstruct
    void load() {
        try {
            espeak = new EspeakEngine(dataDirectory.resolve("espeak"));
            warmUp(espeak);
            catalog = scan();
            ready = true;
            LOG.info(() -> "Voices ready: " + catalog.voices().size() + " voices, "
                    + catalog.problems().size() + " unusable voice pack(s)");
        } catch (RuntimeException | Error e) {
            problem = "Loading the voices failed: " + e.getMessage();
            LOG.log(Level.SEVERE, problem, e);
        }
    }

    @PreDestroy
    void close() {
        ready = false;
        catalog.neuralEngines().forEach(SpeechEngine::close);
        if (espeak != null) {
            espeak.close();
        }
    }

    /** Keeps the engines open until closed; a job holds one from its first voice lookup to its last chunk. */
    public Lease lease() {
        inUse.readLock().lock();
        return new Lease();
    }

    /**
     * Closes the neural engines and loads the voice packs again (new, changed and removed packs
     * included): at once when no job holds a lease, otherwise as soon as the last one closes.
     * New leases wait for the reload. The embedded voices stay as they are.
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
            if (reloadPending.get() && espeak != null) {
                VoiceCatalog old = catalog;
                old.neuralEngines().forEach(SpeechEngine::close);
                catalog = scan();
                jobsSinceReload.set(0);
                reloads.incrementAndGet();
                LOG.info(() -> "Reloaded the neural engines: " + catalog.voices().size() + " voices");
            }
            // Cleared only now: whoever sees no reload pending also sees its result. Requests
            // made while this one ran are served by it.
            reloadPending.set(false);
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

    /** Returns memory cached on the GPU by the neural engines to the driver (nothing on the CPU). */
    public void releaseGpuCaches() {
        piperEngines().forEach(PiperEngine::releaseGpuCache);
    }

    /** Memory of the GPU the neural voices run on; empty when none runs on a GPU. */
    public Optional<MemoryUsage> gpuMemory() {
        return piperEngines().stream().map(PiperEngine::gpuMemory).flatMap(Optional::stream).findFirst();
    }

    /** Phonemes the neural engines skipped (no id in their voice) since they were loaded. */
    public long skippedPhonemes() {
        return piperEngines().stream().mapToLong(PiperEngine::skippedPhonemes).sum();
    }

    private List<PiperEngine> piperEngines() {
        return catalog.neuralEngines().stream().filter(PiperEngine.class::isInstance).map(PiperEngine.class::cast).toList();
    }

    /** The directory users drop Piper voice packs into. */
    public Path voicesDirectory() {
        return voicesDirectory.filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> dataDirectory.resolve("voices")).toAbsolutePath();
    }

    private VoiceCatalog scan() {
        Map<String, SpeakerVoice> voices = new LinkedHashMap<>();
        espeak.voices().forEach(v -> voices.put(v.id(), new SpeakerVoice(v, espeak)));
        List<PackProblem> problems = new ArrayList<>();
        List<SpeechEngine> neural = new ArrayList<>();
        List<VoicePack> packs = packs();
        if (!packs.isEmpty()) {
            DjlEnvironment.prepare(dataDirectory.resolve("djl"),
                    new DjlEnvironment.CacheCapacities(onednnPrimitiveCacheCapacity, ideepCacheCapacity));
            InferenceDevice device = InferenceDevice.parse(inferenceDevice);
            for (PiperEngine engine : List.of(PiperEngine.torchScript(packs, espeak::phonemize, device),
                    PiperEngine.onnx(packs, espeak::phonemize, device))) {
                problems.addAll(engine.problems());
                if (engine.voices().isEmpty()) {
                    engine.close();
                    continue;
                }
                neural.add(engine);
                engine.voices().forEach(v -> voices.put(v.id(), new SpeakerVoice(v, engine)));
            }
        }
        problems.forEach(p -> LOG.warning(() -> "Voice pack " + p.pack() + " is not offered: " + p.reason()));
        return new VoiceCatalog(voices, problems, neural);
    }

    private List<VoicePack> packs() {
        Path dir = voicesDirectory();
        if (!Files.isDirectory(dir)) {
            LOG.info(() -> "No voices directory at " + dir + "; offering the embedded voices only");
            return List.of();
        }
        try {
            return VoicePacks.scan(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the voices directory " + dir, e);
        }
    }

    /** A short dummy call per default voice, so the first job does not pay for cold native code. */
    private static void warmUp(EspeakEngine engine) {
        for (String id : EspeakEngine.DEFAULT_SPEAKER_VOICES) {
            Voice voice = engine.voices().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
            try {
                engine.synthesize(voice, WARM_UP_TEXT, 1.0, (samples, offset, length) -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
        return catalog.voices().values().stream().map(SpeakerVoice::voice).toList();
    }

    /** Voice packs found but not offered, each with its reason. */
    public List<PackProblem> unusablePacks() {
        return catalog.problems();
    }

    /** The neural engines in use now (none without voice packs). */
    public List<SpeechEngine> neuralEngines() {
        return catalog.neuralEngines();
    }

    public Optional<SpeakerVoice> speakerVoice(String id) {
        return Optional.ofNullable(catalog.voices().get(id));
    }

    /**
     * Gives each speaker of a script a voice: the one requested, or a default no other speaker
     * of the job has, so every speaker sounds different.
     *
     * @throws ProblemException 422 naming each requested voice or speaker key that is wrong
     */
    public SortedMap<Integer, String> cast(List<Integer> speakers, Map<String, String> requested, int maxSpeakers) {
        Map<String, SpeakerVoice> voices = catalog.voices();
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
        List<String> defaults = EspeakEngine.DEFAULT_SPEAKER_VOICES;
        Set<String> taken = new HashSet<>(cast.values());
        List<String> spare = new ArrayList<>(defaults.stream().filter(v -> !taken.contains(v)).toList());
        for (Integer speaker : speakers) {
            if (!cast.containsKey(speaker)) {
                cast.put(speaker, spare.isEmpty() ? defaults.get(0) : spare.remove(0));
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
