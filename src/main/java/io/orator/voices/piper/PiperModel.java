package io.orator.voices.piper;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.orator.voices.piper.PiperConfig.TorchScriptForm;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One loaded voice model and the one way to call it. Every array of a call lives in a sub-manager
 * closed when the call returns; only a Java {@code float[]} leaves.
 */
final class PiperModel implements AutoCloseable {

    static final String PYTORCH = "PyTorch";
    static final String ONNX_RUNTIME = "OnnxRuntime";

    private static final Logger LOG = Logger.getLogger(PiperModel.class.getName());
    /** Engine messages name server paths and native internals: they go to the log, not to clients. */
    private static final String SEE_LOG = "; the server log has the details";
    private static final String INPUT = "input";
    private static final String INPUT_LENGTHS = "input_lengths";
    private static final String SCALES = "scales";
    private static final String SID = "sid";
    /** A short phrase run once at load time: native code paths warm, and a model that cannot run is caught. */
    private static final String WARM_UP_PHONEMES = "ɹˈɛdi.";

    /** How the inputs are laid out: Piper's traced {@code infer}, or {@code (text, lengths, scales[, sid])}. */
    private enum Layout { INFER, SCALES, NAMED_SCALES }

    private final Model model;
    private final Layout layout;
    private final boolean multiSpeaker;
    private final InferenceThread thread;
    /** Whether the model has Piper's alignment output; found by the warm-up. */
    private boolean givesDurations;

    private PiperModel(Model model, Layout layout, boolean multiSpeaker, InferenceThread thread) {
        this.model = model;
        this.layout = layout;
        this.multiSpeaker = multiSpeaker;
        this.thread = thread;
    }

    /**
     * Loads the pack's model on {@code device}, checks its inputs and runs it once, all on
     * {@code thread}, which runs every later call of the model too.
     *
     * @throws VoicePackException with the reason when the model cannot be loaded or does not run
     */
    static PiperModel load(VoicePack pack, Device device, InferenceThread thread) throws VoicePackException {
        return thread.call(() -> loadHere(pack, device, thread));
    }

    private static PiperModel loadHere(VoicePack pack, Device device, InferenceThread thread) throws VoicePackException {
        PiperConfig config = pack.config();
        boolean onnx = pack.format() == VoicePack.Format.ONNX;
        Model model = Model.newInstance(pack.name(), device, onnx ? ONNX_RUNTIME : PYTORCH);
        try {
            // mapLocation loads TorchScript weights saved on one device onto the chosen one.
            model.load(pack.modelFile(), null, onnx ? Map.of() : Map.of("mapLocation", "true"));
            Layout layout = onnx ? Layout.NAMED_SCALES
                    : config.torchScriptForm() == TorchScriptForm.SCALES ? Layout.SCALES : Layout.INFER;
            if (onnx) {
                checkOnnxInputs(model, config.multiSpeaker());
            }
            PiperModel loaded = new PiperModel(model, layout, config.multiSpeaker(), thread);
            loaded.warmUp(config);
            return loaded;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            LOG.log(Level.WARNING, "Voice pack model " + pack.modelFile() + " cannot be loaded: " + firstLine(e), e);
            throw new VoicePackException("model " + pack.modelFile().getFileName() + " cannot be loaded by "
                    + (onnx ? "ONNX Runtime" : "PyTorch") + " (not a model of that format, or damaged)" + SEE_LOG, e);
        } catch (VoicePackException e) {
            model.close();
            throw e;
        }
    }

    private static void checkOnnxInputs(Model model, boolean multiSpeaker) throws VoicePackException {
        PairList<String, Shape> described = model.getBlock().describeInput();
        Set<String> actual = new TreeSet<>(described.keys());
        Set<String> expected = new TreeSet<>(Set.of(INPUT, INPUT_LENGTHS, SCALES));
        if (multiSpeaker) {
            expected.add(SID);
        }
        if (!actual.equals(expected)) {
            throw new VoicePackException("model inputs are " + actual + " but a Piper "
                    + (multiSpeaker ? "multi-speaker" : "single-speaker") + " voice takes " + expected);
        }
    }

    private void warmUp(PiperConfig config) throws VoicePackException {
        long[] ids = config.phonemeIds().encode(WARM_UP_PHONEMES).ids();
        int speaker = config.speakers().values().stream().findFirst().orElse(0);
        float[] audio;
        try {
            Inference inference = inferTimed(ids, 0f, config.lengthScale(), 0f, speaker);
            audio = inference.audio();
            givesDurations = inference.durations() != null;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Voice pack " + model.getName() + " fails its warm-up: " + firstLine(e), e);
            throw new VoicePackException("model does not run with Piper's inputs"
                    + (layout == Layout.NAMED_SCALES ? "" : " (torchscript.input_form " + layout.name().toLowerCase() + ")")
                    + SEE_LOG, e);
        }
        if (audio.length == 0) {
            throw new VoicePackException("model returns no audio for a short phrase");
        }
    }

    /**
     * One model call's result.
     *
     * @param audio     as many samples as the model made
     * @param durations the frames each phoneme id lasts (Piper's alignment output, {@code w_ceil}),
     *                  or {@code null} when the model does not give them
     */
    record Inference(float[] audio, float[] durations) {
    }

    /**
     * Runs the model on one chunk's phoneme ids.
     *
     * @return the audio, as many samples as the model made
     * @throws RuntimeException whatever the engine raises (a DJL {@code EngineException} mostly),
     *                          or {@link IllegalStateException} when the output is not audio
     */
    float[] infer(long[] ids, float noiseScale, float lengthScale, float noiseW, int speaker) {
        return inferTimed(ids, noiseScale, lengthScale, noiseW, speaker).audio();
    }

    /**
     * As {@link #infer}, with the durations of the phoneme ids when the model gives them: a
     * second output of one number per id, as Piper's exports with alignments have (its name is
     * the graph's, so it is found by position and shape, as Piper does).
     */
    Inference inferTimed(long[] ids, float noiseScale, float lengthScale, float noiseW, int speaker) {
        return thread.call(() -> inferHere(ids, noiseScale, lengthScale, noiseW, speaker));
    }

    private Inference inferHere(long[] ids, float noiseScale, float lengthScale, float noiseW, int speaker) {
        try (NDManager calls = model.getNDManager().newSubManager()) {
            NDList outputs = model.getBlock().forward(
                    new ParameterStore(calls, false), inputs(calls, ids, noiseScale, lengthScale, noiseW, speaker), false);
            NDArray audio = outputs.get(0);
            Shape shape = audio.getShape();
            boolean audioShaped = shape.dimension() == 3 && shape.get(0) == 1 && shape.get(1) == 1
                    || shape.dimension() == 2 && shape.get(0) == 1;
            if (!audioShaped) {
                throw new IllegalStateException("the model's first output has shape " + shape
                        + "; audio is [1, 1, N] or [1, N]");
            }
            float[] samples = floats(audio);
            if (FaultInjection.leakNativeMemory()) {
                model.getNDManager().create(samples); // outlives this call: the leak benchmarks must see
            }
            float[] durations = null;
            if (outputs.size() > 1 && outputs.get(1).getShape().size() == ids.length
                    && (outputs.get(1).getDataType().isFloating() || outputs.get(1).getDataType().isInteger())) {
                durations = floats(outputs.get(1));
            }
            return new Inference(samples, durations);
        }
    }

    /** Whether the model gives the durations of its phoneme ids, as found by its warm-up. */
    boolean givesDurations() {
        return givesDurations;
    }

    private static float[] floats(NDArray array) {
        return array.getDataType() == DataType.FLOAT32
                ? array.toFloatArray()
                : array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private NDList inputs(NDManager calls, long[] ids, float noiseScale, float lengthScale, float noiseW, int speaker) {
        NDArray text = calls.create(ids, new Shape(1, ids.length));
        NDArray lengths = calls.create(new long[] {ids.length});
        // Piper's traced infer always takes sid; single-speaker models ignore it.
        NDArray sid = calls.create(new long[] {speaker});
        if (layout == Layout.INFER) {
            return new NDList(text, lengths, sid, calls.create(new float[] {noiseScale}),
                    calls.create(new float[] {lengthScale}), calls.create(new float[] {noiseW}));
        }
        NDArray scales = calls.create(new float[] {noiseScale, lengthScale, noiseW});
        if (layout == Layout.NAMED_SCALES) {
            // ONNX Runtime binds by name, so the order of the graph's inputs does not matter.
            text.setName(INPUT);
            lengths.setName(INPUT_LENGTHS);
            scales.setName(SCALES);
            sid.setName(SID);
        }
        return multiSpeaker ? new NDList(text, lengths, scales, sid) : new NDList(text, lengths, scales);
    }

    String device() {
        return model.getNDManager().getDevice().toString();
    }

    @Override
    public void close() {
        thread.call(() -> {
            model.close();
            return null;
        });
    }

    /** The first line of the message, and of its cause's when the engine wraps the real reason. */
    private static String firstLine(Throwable e) {
        String message = line(e);
        Throwable cause = e.getCause();
        return cause == null || message.contains(line(cause)) ? message : message + ": " + line(cause);
    }

    private static String line(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
