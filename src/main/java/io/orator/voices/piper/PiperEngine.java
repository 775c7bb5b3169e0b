package io.orator.voices.piper;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import io.orator.voices.Languages;
import io.orator.voices.PcmSink;
import io.orator.voices.SpeechEngine;
import io.orator.voices.StopCheck;
import io.orator.voices.SynthesisException;
import io.orator.voices.TimestampPrecision;
import io.orator.voices.Utterance;
import io.orator.voices.Voice;
import io.orator.voices.WordSink;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Piper voice packs on DJL: {@link #torchScript} runs the {@code .pt} packs on PyTorch (GPU when
 * chosen and present), {@link #onnx} the {@code .onnx} packs on ONNX Runtime. Text goes to
 * phonemes, phoneme ids, the model, and 16-bit PCM, one chunk per call. A pack that cannot be
 * loaded becomes a {@link PackProblem}; the engine still offers the others.
 */
public final class PiperEngine implements SpeechEngine {

    /** Engine names, as {@link Voice#engine()} shows them. */
    public static final String PYTORCH = "pytorch";
    public static final String ONNX = "onnx";

    /** Default of {@code orator.inference.max-phoneme-ids}, the longest input of one model call. */
    public static final int DEFAULT_MAX_PHONEME_IDS = PhonemeIds.DEFAULT_MAX_IDS;
    /** Enough for a few phonemes with Piper's start, pad and end symbols. */
    private static final int MIN_PHONEME_IDS = 16;

    private static final Logger LOG = Logger.getLogger(PiperEngine.class.getName());
    private static final String SPEAKER_SEPARATOR = "#";
    private static final String NO_DEVICE = "none";

    /** One Orator voice: a model and, for multi-speaker packs, one of its speakers. */
    private record Speaker(PiperModel model, PiperConfig config, int speakerId) {
    }

    private final String name;
    private final int maxPhonemeIds;
    private final Phonemizer phonemizer;
    private final String device;
    private final List<PiperModel> models;
    private final Map<String, Speaker> speakers;
    private final List<Voice> voices;
    private final List<PackProblem> problems;
    private final LongAdder skippedPhonemes = new LongAdder();
    /** Closed with the engine when the engine started it; otherwise its owner closes it. */
    private final InferenceThread ownThread;
    private volatile boolean closed;

    private PiperEngine(String name, int maxPhonemeIds, Phonemizer phonemizer, String device, List<PiperModel> models,
                        Map<String, Speaker> speakers, List<Voice> voices, List<PackProblem> problems,
                        InferenceThread ownThread) {
        this.ownThread = ownThread;
        this.name = name;
        this.maxPhonemeIds = maxPhonemeIds;
        this.phonemizer = phonemizer;
        this.device = device;
        this.models = models;
        this.speakers = speakers;
        this.voices = voices;
        this.problems = problems;
    }

    /**
     * Loads and warms up every usable TorchScript pack of {@code packs} (others are ignored), on an
     * {@link InferenceThread} of the engine's own. Never throws for a pack or a missing engine:
     * see {@link #problems()}.
     */
    public static PiperEngine torchScript(List<VoicePack> packs, Phonemizer phonemizer, InferenceDevice device) {
        InferenceThread thread = InferenceThread.named("orator-inference-" + PYTORCH);
        return start(PYTORCH, PiperModel.PYTORCH, VoicePack.Format.TORCHSCRIPT, packs, phonemizer, device,
                DEFAULT_MAX_PHONEME_IDS, thread, true);
    }

    /**
     * As {@link #torchScript(List, Phonemizer, InferenceDevice)}, with at most {@code maxPhonemeIds}
     * phoneme ids per model call (longer chunks are spoken in several calls), every model call on
     * {@code thread}, which the caller closes after the engine.
     */
    public static PiperEngine torchScript(List<VoicePack> packs, Phonemizer phonemizer, InferenceDevice device,
                                          int maxPhonemeIds, InferenceThread thread) {
        return start(PYTORCH, PiperModel.PYTORCH, VoicePack.Format.TORCHSCRIPT, packs, phonemizer, device,
                maxPhonemeIds, thread, false);
    }

    /** Loads and warms up every usable ONNX pack of {@code packs}, as {@link #torchScript} does. */
    public static PiperEngine onnx(List<VoicePack> packs, Phonemizer phonemizer, InferenceDevice device) {
        InferenceThread thread = InferenceThread.named("orator-inference-" + ONNX);
        return start(ONNX, PiperModel.ONNX_RUNTIME, VoicePack.Format.ONNX, packs, phonemizer, device,
                DEFAULT_MAX_PHONEME_IDS, thread, true);
    }

    /** As {@link #onnx(List, Phonemizer, InferenceDevice)}, with a cap on the phoneme ids per call and a shared thread. */
    public static PiperEngine onnx(List<VoicePack> packs, Phonemizer phonemizer, InferenceDevice device,
                                   int maxPhonemeIds, InferenceThread thread) {
        return start(ONNX, PiperModel.ONNX_RUNTIME, VoicePack.Format.ONNX, packs, phonemizer, device, maxPhonemeIds,
                thread, false);
    }

    private static PiperEngine start(String name, String djlEngine, VoicePack.Format format, List<VoicePack> packs,
                                     Phonemizer phonemizer, InferenceDevice choice, int maxPhonemeIds,
                                     InferenceThread thread, boolean ownsThread) {
        InferenceThread owned = ownsThread ? thread : null;
        if (maxPhonemeIds < MIN_PHONEME_IDS) {
            if (owned != null) {
                owned.close();
            }
            throw new IllegalArgumentException("at most " + maxPhonemeIds + " phoneme ids per call is too few; at least "
                    + MIN_PHONEME_IDS);
        }
        List<PackProblem> problems = new ArrayList<>();
        List<VoicePack> usable = new ArrayList<>();
        for (VoicePack pack : packs) {
            if (pack.format() == format) {
                pack.problem().ifPresentOrElse(
                        reason -> problems.add(new PackProblem(pack.name(), pack.modelFile(), reason)),
                        () -> usable.add(pack));
            }
        }
        List<PiperModel> models = new ArrayList<>();
        Map<String, Speaker> speakers = new LinkedHashMap<>();
        List<Voice> voices = new ArrayList<>();
        if (usable.isEmpty()) {
            // No natives are loaded for an engine without voices.
            return unusable(name, maxPhonemeIds, phonemizer, usable, problems, null, owned);
        }
        Device device;
        try {
            DjlEnvironment.requireOffline();
            device = choice.resolve(Engine.getEngine(djlEngine));
        } catch (IllegalStateException e) {
            LOG.warning(e.getMessage());
            return unusable(name, maxPhonemeIds, phonemizer, usable, problems, e.getMessage(), owned);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.SEVERE, djlEngine + " is not available: " + e.getMessage(), e);
            // The native loader's message names library paths: clients get the fact, the log the detail.
            return unusable(name, maxPhonemeIds, phonemizer, usable, problems,
                    djlEngine + " is not available on this server; the server log has the details",
                    owned);
        }
        for (VoicePack pack : usable) {
            try {
                PiperModel model = PiperModel.load(pack, device, thread);
                models.add(model);
                addVoices(name, pack, model, speakers, voices);
            } catch (VoicePackException e) {
                LOG.warning(() -> "Voice pack " + pack.modelFile() + " is not offered: " + e.getMessage());
                problems.add(new PackProblem(pack.name(), pack.modelFile(), e.getMessage()));
            }
        }
        LOG.info(() -> name + " engine on " + device + ": " + voices.size() + " voices from " + models.size()
                + " packs, " + problems.size() + " unusable");
        return new PiperEngine(name, maxPhonemeIds, phonemizer, device.toString(), List.copyOf(models), Map.copyOf(speakers),
                List.copyOf(voices), List.copyOf(problems), owned);
    }

    /** An engine offering nothing; {@code reason} is given to each of {@code usable}. */
    private static PiperEngine unusable(String name, int maxPhonemeIds, Phonemizer phonemizer, List<VoicePack> usable,
                                        List<PackProblem> problems, String reason, InferenceThread ownThread) {
        usable.forEach(pack -> problems.add(new PackProblem(pack.name(), pack.modelFile(), reason)));
        return new PiperEngine(name, maxPhonemeIds, phonemizer, NO_DEVICE, List.of(), Map.of(), List.of(),
                List.copyOf(problems), ownThread);
    }

    private static void addVoices(String engine, VoicePack pack, PiperModel model,
                                  Map<String, Speaker> speakers, List<Voice> voices) {
        PiperConfig config = pack.config();
        String about = config.description() != null ? config.description()
                : "Piper voice " + pack.name() + " (" + pack.format().name().toLowerCase(Locale.ROOT) + ")";
        if (!config.multiSpeaker()) {
            speakers.put(pack.name(), new Speaker(model, config, 0));
            voices.add(new Voice(pack.name(), engine, config.language(), config.sampleRate(), about));
            return;
        }
        config.speakers().forEach((speaker, id) -> {
            String voiceId = pack.name() + SPEAKER_SEPARATOR + speaker;
            speakers.put(voiceId, new Speaker(model, config, id));
            voices.add(new Voice(voiceId, engine, config.language(), config.sampleRate(), about + ", speaker " + speaker));
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    /** The packs of this engine's format that it does not offer, each with its reason. */
    public List<PackProblem> problems() {
        return problems;
    }

    /** The device the models run on, in DJL's words ({@code cpu()}, {@code gpu(0)}), or {@code none}. */
    public String device() {
        return device;
    }

    @Override
    public long skippedPhonemes() {
        return skippedPhonemes.sum();
    }

    /**
     * Speaks the chunk in one model call, or in several when its phonemes pass the cap on phoneme
     * ids; {@code stop} is asked before each call (a running call cannot be interrupted).
     *
     * @throws SynthesisException {@code UNKNOWN_VOICE}; {@code GPU_OUT_OF_MEMORY} when CUDA ran
     *                            out of memory (recycle the engine); {@code INFERENCE_FAILED} otherwise
     */
    @Override
    public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop) throws IOException {
        synthesize(voice, text, speed, sink, stop, WordSink.NONE);
    }

    /** Words come from the model's phoneme durations, for packs that give them (Piper's alignment output). */
    @Override
    public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop, WordSink words)
            throws IOException {
        Speaker speaker = speakerFor(voice, speed);
        PiperConfig config = speaker.config();
        String phonemes = config.phonemeType() == PiperConfig.PhonemeType.TEXT
                ? Normalizer.normalize(text, Normalizer.Form.NFD)
                : phonemizer.phonemize(config.espeakVoice(), text);
        speak(voice, speaker, text, phonemes, speed, sink, stop, words);
    }

    /** Word precision for the voices whose model gives its phonemes' durations. */
    @Override
    public TimestampPrecision timestampPrecision(Voice voice) {
        Speaker speaker = speakers.get(voice.id());
        return speaker != null && speaker.model().givesDurations() ? TimestampPrecision.WORD : TimestampPrecision.SENTENCE;
    }

    /**
     * Speaks an utterance's pronunciations as their IPA, straight into phoneme ids, and its text
     * in its language when that is not the voice's own (phonemized by espeak-ng's voice for it;
     * a language espeak-ng does not know is phonemized as the voice's). Pitch is the model's own.
     */
    @Override
    public void synthesize(Voice voice, Utterance utterance, double speed, PcmSink sink, StopCheck stop,
                           WordSink words) throws IOException {
        Speaker speaker = speakerFor(voice, speed);
        PiperConfig config = speaker.config();
        if (config.phonemeType() == PiperConfig.PhonemeType.TEXT
                || utterance.language() == null && utterance.pronunciations().isEmpty()) {
            synthesize(voice, utterance.text(), speed, sink, stop, words);
            return;
        }
        String text = utterance.text();
        List<String> espeakVoices = Languages.espeakVoicesFor(config.espeakVoice(), config.espeakVoice(),
                utterance.language());
        StringBuilder phonemes = new StringBuilder();
        int cursor = 0;
        for (Utterance.Pronunciation pronunciation : utterance.pronunciations()) {
            appendPhonemes(phonemes, espeakVoices, text.substring(cursor, Math.max(cursor, pronunciation.start())));
            phonemes.append(' ').append(Normalizer.normalize(pronunciation.ipa(), Normalizer.Form.NFD)).append(' ');
            cursor = Math.max(cursor, pronunciation.end());
        }
        appendPhonemes(phonemes, espeakVoices, text.substring(cursor));
        speak(voice, speaker, text, phonemes.toString().strip(), speed, sink, stop, words);
    }

    private void appendPhonemes(StringBuilder phonemes, List<String> espeakVoices, String text) {
        if (text.isBlank()) {
            return;
        }
        for (int i = 0; ; i++) {
            try {
                phonemes.append(phonemizer.phonemize(espeakVoices.get(i), text));
                return;
            } catch (SynthesisException unknown) {
                if (i == espeakVoices.size() - 1 || !SynthesisException.UNKNOWN_VOICE.equals(unknown.code())) {
                    throw unknown;
                }
            }
        }
    }

    private Speaker speakerFor(Voice voice, double speed) {
        if (closed) {
            throw new SynthesisException(SynthesisException.INFERENCE_FAILED, name + " engine is closed");
        }
        Speaker speaker = speakers.get(voice.id());
        if (speaker == null) {
            throw new SynthesisException(SynthesisException.UNKNOWN_VOICE, name + " has no voice '" + voice.id() + "'");
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        return speaker;
    }

    private void speak(Voice voice, Speaker speaker, String text, String phonemes, double speed, PcmSink sink,
                       StopCheck stop, WordSink words) throws IOException {
        PiperConfig config = speaker.config();
        PhonemeIds.Pieces pieces = config.phonemeIds().encode(phonemes, maxPhonemeIds);
        skippedPhonemes.add(pieces.skipped());
        boolean timed = words != WordSink.NONE && speaker.model().givesDurations();
        List<float[]> durations = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (long[] ids : pieces.ids()) {
            if (ids.length <= config.phonemeIds().emptyLength()) {
                durations.add(null);
                lengths.add(0);
                continue;
            }
            stop.check();
            PiperModel.Inference inference = infer(voice, speaker, text, ids, speed);
            short[] pcm = Pcm16.fromFloat(inference.audio());
            sink.accept(pcm, 0, pcm.length);
            durations.add(inference.durations());
            lengths.add(pcm.length);
        }
        if (timed) {
            PhonemeWords.place(text, phonemes, config.phonemeIds(), pieces, durations, lengths, config.sampleRate(), words);
        }
    }

    private PiperModel.Inference infer(Voice voice, Speaker speaker, String text, long[] ids, double speed) {
        PiperConfig config = speaker.config();
        try {
            FaultInjection.failIfMarked(text);
            return speaker.model().inferTimed(ids, config.noiseScale(), (float) (config.lengthScale() / speed),
                    config.noiseW(), speaker.speakerId());
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            boolean outOfMemory = message.contains("CUDA out of memory") || message.contains("CUDA error: out of memory");
            throw new SynthesisException(outOfMemory ? SynthesisException.GPU_OUT_OF_MEMORY : SynthesisException.INFERENCE_FAILED,
                    "Voice " + voice.id() + " failed on a chunk: " + message, e);
        }
    }

    @Override
    public Optional<MemoryUsage> gpuMemory() {
        if (!device.startsWith("gpu")) {
            return Optional.empty();
        }
        return Optional.of(CudaUtils.getGpuMemory(Device.fromName(device)));
    }

    /**
     * Returns memory PyTorch keeps cached on the GPU to the driver, for example after each job.
     * Does nothing on the CPU or for ONNX Runtime.
     */
    @Override
    public void releaseGpuCache() {
        if (PYTORCH.equals(name) && device.startsWith("gpu")) {
            ai.djl.pytorch.jni.JniUtils.emptyCudaCache();
        }
    }

    /** Closes every model; synthesis fails with {@code SynthesisException.INFERENCE_FAILED} afterwards. */
    @Override
    public void close() {
        closed = true;
        models.forEach(PiperModel::close);
        if (ownThread != null) {
            ownThread.close();
        }
    }
}
