package io.orator.voices;

import io.orator.platform.DataDirectory;
import io.orator.voices.espeak.EspeakEngine;
import io.orator.voices.piper.DjlEnvironment;
import io.orator.voices.piper.InferenceDevice;
import io.orator.voices.piper.InferenceThread;
import io.orator.voices.piper.PackProblem;
import io.orator.voices.piper.PiperEngine;
import io.orator.voices.piper.VoicePack;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every voice this server can speak with, and the engine behind each: the embedded espeak-ng
 * voices, and the Piper voice packs found in the voices directory (TorchScript on DJL's
 * PyTorch engine, ONNX on ONNX Runtime). Loads and warms the engines at start-up; readiness
 * waits for it. A pack that cannot be used is listed with its reason and never stops the rest.
 * Jobs hold a {@link EngineLeases.Lease} while they speak, so a reload of the neural engines (recycling their
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

    @Resource
    ManagedThreadFactory threads;

    @Inject
    VoicesDirectory directory;

    @Inject
    @ConfigProperty(name = "orator.inference.device", defaultValue = "auto")
    String inferenceDevice;

    /** The longest input of one neural model call; see {@code PhonemeIds.encode(String, int)}. */
    @Inject
    @ConfigProperty(name = "orator.inference.max-phoneme-ids", defaultValue = "1000")
    int maxPhonemeIds;

    @Inject
    @ConfigProperty(name = "orator.inference.onednn-primitive-cache-capacity",
            defaultValue = "" + DjlEnvironment.CacheCapacities.DEFAULT_CAPACITY)
    int onednnPrimitiveCacheCapacity;

    @Inject
    @ConfigProperty(name = "orator.inference.ideep-cache-capacity",
            defaultValue = "" + DjlEnvironment.CacheCapacities.DEFAULT_CAPACITY)
    int ideepCacheCapacity;

    private final EngineLeases leases = new EngineLeases(this::reloadNeuralEngines);
    /** Every neural model call of every engine, reloads included, runs on this one thread. */
    private InferenceThread inferenceThread;
    private EspeakEngine espeak;
    private volatile VoiceCatalog catalog = VoiceCatalog.empty();
    private volatile boolean ready;
    private volatile String problem;

    @PostConstruct
    void load() {
        try {
            inferenceThread = new InferenceThread(named(threads, "orator-inference"));
            espeak = new EspeakEngine(dataDirectory.resolve("espeak"));
            warmUp(espeak);
            catalog = scan();
            ready = true;
            LOG.info(() -> "Voices ready: " + catalog.voices().size() + " voices, "
                    + catalog.problems().size() + " unusable voice pack(s)");
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "Loading the voices failed: " + e.getMessage(), e);
            // Shown by readiness and the dashboard: the native detail (paths included) stays in the log.
            problem = "Loading the voices failed; the server log has the details";
        }
    }

    @PreDestroy
    void close() {
        ready = false;
        catalog.neuralEngines().forEach(SpeechEngine::close);
        if (espeak != null) {
            espeak.close();
        }
        if (inferenceThread != null) {
            inferenceThread.close();
        }
    }

    private static ThreadFactory named(ManagedThreadFactory threads, String name) {
        return work -> {
            Thread thread = threads.newThread(work);
            thread.setName(name);
            return thread;
        };
    }

    /** Keeps the engines open until closed; a job holds one from its first voice lookup to its last chunk. */
    public EngineLeases.Lease lease() {
        return leases.lease();
    }

    /**
     * Closes the neural engines and loads the voice packs again (new, changed and removed packs
     * included): at once when no job holds a lease, otherwise as soon as the last one closes.
     * New leases wait for the reload. The embedded voices stay as they are. Recycling the
     * engines' native memory and picking up new packs are this one operation.
     *
     * @return true when the reload ran now, false when it waits for the running job
     */
    public boolean reload() {
        return leases.requestReload();
    }

    /** Whether a reload waits for the running job to end. */
    public boolean isReloadPending() {
        return leases.isReloadPending();
    }

    /** Jobs that used the engines since they were last loaded. */
    public long jobsSinceReload() {
        return leases.jobsSinceReload();
    }

    /** Reloads since the application started. */
    public long reloads() {
        return leases.reloads();
    }

    /** Runs inside a lease-free window (see {@link EngineLeases}). */
    private void reloadNeuralEngines() {
        if (espeak == null) {
            return;
        }
        catalog.neuralEngines().forEach(SpeechEngine::close);
        catalog = scan();
        LOG.info(() -> "Reloaded the neural engines: " + catalog.voices().size() + " voices");
    }

    /** Returns memory cached on the GPU by the neural engines to the driver (nothing on the CPU). */
    public void releaseGpuCaches() {
        catalog.neuralEngines().forEach(SpeechEngine::releaseGpuCache);
    }

    /** Memory of the GPU the neural voices run on; empty when none runs on a GPU. */
    public Optional<MemoryUsage> gpuMemory() {
        return catalog.neuralEngines().stream().map(SpeechEngine::gpuMemory).flatMap(Optional::stream).findFirst();
    }

    /** Phonemes the neural engines skipped (no id in their voice) since they were loaded. */
    public long skippedPhonemes() {
        return catalog.neuralEngines().stream().mapToLong(SpeechEngine::skippedPhonemes).sum();
    }

    /** The directory users drop Piper voice packs into. */
    public Path voicesDirectory() {
        return directory.path();
    }

    private VoiceCatalog scan() {
        Map<String, SpeakerVoice> voices = new LinkedHashMap<>();
        espeak.voices().forEach(v -> voices.put(v.id(), new SpeakerVoice(v, espeak)));
        List<PackProblem> problems = new ArrayList<>();
        List<SpeechEngine> neural = new ArrayList<>();
        List<VoicePack> packs = directory.packs();
        if (!packs.isEmpty()) {
            DjlEnvironment.prepare(dataDirectory.resolve("djl"),
                    new DjlEnvironment.CacheCapacities(onednnPrimitiveCacheCapacity, ideepCacheCapacity));
            InferenceDevice device = InferenceDevice.parse(inferenceDevice);
            for (PiperEngine engine : List.of(
                    PiperEngine.torchScript(packs, espeak::phonemize, device, maxPhonemeIds, inferenceThread),
                    PiperEngine.onnx(packs, espeak::phonemize, device, maxPhonemeIds, inferenceThread))) {
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

    /** Voices given to speakers a job leaves without one, in order: distinct, so speakers sound different. */
    public List<String> defaultSpeakerVoices() {
        return EspeakEngine.DEFAULT_SPEAKER_VOICES;
    }
}
