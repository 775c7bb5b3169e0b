package io.orator.voices.piper;

import io.orator.platform.ProcessMemory;
import io.orator.testing.RecordedPcm;
import io.orator.voices.StopCheck;
import io.orator.voices.SynthesisException;
import io.orator.voices.Utterance;
import io.orator.voices.Voice;
import io.orator.voices.WordSink;
import io.orator.voices.espeak.EspeakEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both DJL engines on the committed test voices: real natives, offline. */
class PiperEngineTest {

    static final Path VOICES = Path.of("src/test/resources/voices");
    private static final int HOP = 256;
    private static final String SENTENCE = "The lighthouse keeper climbed the spiral stairs every evening at dusk.";

    @TempDir
    static Path dataDir;
    private static EspeakEngine espeak;
    private static PiperEngine pytorch;
    private static PiperEngine onnx;
    /** The thread the models this class loads itself run on. */
    private static final InferenceThread MODELS = InferenceThread.named("test-inference");

    @BeforeAll
    static void start() throws IOException {
        DjlEnvironment.prepare(djlCache());
        espeak = new EspeakEngine(dataDir.resolve("espeak"));
        List<VoicePack> packs = VoicePacks.scan(VOICES);
        pytorch = PiperEngine.torchScript(packs, espeak::phonemize, InferenceDevice.CPU);
        onnx = PiperEngine.onnx(packs, espeak::phonemize, InferenceDevice.AUTO);
    }

    @AfterAll
    static void stop() {
        pytorch.close();
        onnx.close();
        espeak.close();
        MODELS.close();
    }

    static Path djlCache() {
        return Path.of(System.getProperty(DjlEnvironment.CACHE_DIR, "target/djl-cache"));
    }

    static Stream<Arguments> singleSpeakerVoices() {
        return Stream.of(Arguments.of("pytorch", "tiny-ts"), Arguments.of("pytorch", "tiny-ts-scales"),
                Arguments.of("onnx", "tiny-onnx"));
    }

    static Stream<Arguments> multiSpeakerVoices() {
        return Stream.of(Arguments.of("pytorch", "multi-ts"), Arguments.of("pytorch", "multi-ts-scales"),
                Arguments.of("onnx", "multi-onnx"));
    }

    private static PiperEngine engine(String name) {
        return name.equals("pytorch") ? pytorch : onnx;
    }

    private static Voice voice(PiperEngine engine, String id) {
        return engine.voices().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow(
                () -> new AssertionError(id + " not among " + engine.voices() + "; problems: " + engine.problems()));
    }

    private static short[] speak(PiperEngine engine, String voiceId, String text, double speed) throws IOException {
        RecordedPcm audio = new RecordedPcm();
        engine.synthesize(voice(engine, voiceId), text, speed, audio);
        return audio.samples();
    }

    private static int phonemeIdCount(String text) throws Exception {
        PiperConfig config = PiperConfig.read(VOICES.resolve("tiny-onnx.onnx.json"));
        return config.phonemeIds().encode(espeak.phonemize(config.espeakVoice(), text)).ids().length;
    }

    @Test
    void offersEveryCommittedPackAndOneVoicePerSpeaker() {
        assertEquals(List.of(), pytorch.problems());
        assertEquals(List.of(), onnx.problems());
        assertEquals(List.of("multi-ts#p225", "multi-ts#p226", "multi-ts#p227", "multi-ts#p228",
                        "multi-ts-scales#p225", "multi-ts-scales#p226", "multi-ts-scales#p227", "multi-ts-scales#p228",
                        "tiny-ts", "tiny-ts-scales"),
                pytorch.voices().stream().map(Voice::id).sorted().toList());
        assertEquals(List.of("multi-onnx#p225", "multi-onnx#p226", "multi-onnx#p227", "multi-onnx#p228", "tiny-onnx"),
                onnx.voices().stream().map(Voice::id).sorted().toList());
        Voice tiny = voice(onnx, "tiny-onnx");
        assertEquals("onnx", tiny.engine());
        assertEquals("en-US", tiny.language());
        assertEquals(22050, tiny.sampleRate());
        assertEquals("cpu()", pytorch.device());
    }

    @ParameterizedTest
    @MethodSource("singleSpeakerVoices")
    void speaksHopSamplesPerPhonemeIdAtNaturalSpeed(String engine, String voice) throws Exception {
        short[] pcm = speak(engine(engine), voice, SENTENCE, 1.0);
        assertEquals(phonemeIdCount(SENTENCE) * HOP, pcm.length);
        int peak = 0;
        for (short s : pcm) {
            peak = Math.max(peak, Math.abs(s));
        }
        // peak * (32767 / peak) may round to 32766.99..., which truncates as in Piper.
        assertTrue(peak >= Short.MAX_VALUE - 1, "Piper normalises each chunk to full scale, peak " + peak);
    }

    @ParameterizedTest
    @MethodSource("singleSpeakerVoices")
    void speedTwoHalvesTheLengthAndHalfSpeedDoublesIt(String engine, String voice) throws Exception {
        int ids = phonemeIdCount(SENTENCE);
        assertEquals((int) Math.ceil(ids / 2.0) * HOP, speak(engine(engine), voice, SENTENCE, 2.0).length);
        assertEquals(2 * ids * HOP, speak(engine(engine), voice, SENTENCE, 0.5).length);
    }

    @ParameterizedTest
    @MethodSource("multiSpeakerVoices")
    void eachSpeakerSoundsDifferent(String engine, String pack) throws Exception {
        PiperModel model = PiperModel.load(pack(pack), ai.djl.Device.cpu(), MODELS);
        try (model) {
            long[] ids = ids(SENTENCE);
            float[] first = model.infer(ids, 0f, 1f, 0f, 0);
            float[] second = model.infer(ids, 0f, 1f, 0f, 1);
            assertEquals(first.length, second.length);
            assertFalse(Arrays.equals(first, second), "speakers 0 and 1 gave identical audio");
        }
        assertEquals(speak(engine(engine), pack + "#p225", SENTENCE, 1.0).length,
                speak(engine(engine), pack + "#p228", SENTENCE, 1.0).length);
    }

    @ParameterizedTest
    @MethodSource({"singleSpeakerVoices", "multiSpeakerVoices"})
    void zeroNoiseIsDeterministicAndNoiseIsNot(String engine, String pack) throws Exception {
        try (PiperModel model = PiperModel.load(pack(pack), ai.djl.Device.cpu(), MODELS)) {
            long[] ids = ids(SENTENCE);
            assertArrayEquals(model.infer(ids, 0f, 1f, 0f, 0), model.infer(ids, 0f, 1f, 0f, 0));
            assertFalse(Arrays.equals(model.infer(ids, 0.667f, 1f, 0.8f, 0), model.infer(ids, 0.667f, 1f, 0.8f, 0)));
        }
    }

    @Test
    void torchScriptFormsAndOnnxOfOneModelAgree() throws Exception {
        long[] ids = ids(SENTENCE);
        Map<String, float[]> audio = Stream.of("tiny-ts", "tiny-ts-scales", "tiny-onnx").collect(Collectors.toMap(
                Function.identity(), name -> {
                    try (PiperModel model = PiperModel.load(pack(name), ai.djl.Device.cpu(), MODELS)) {
                        return model.infer(ids, 0f, 1f, 0f, 0);
                    } catch (VoicePackException | IOException e) {
                        throw new AssertionError(e);
                    }
                }));
        float[] reference = audio.get("tiny-ts");
        for (String name : List.of("tiny-ts-scales", "tiny-onnx")) {
            float[] other = audio.get(name);
            assertEquals(reference.length, other.length, name);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], other[i], 1e-4, name + " sample " + i);
            }
        }
    }

    /**
     * libtorch's OpenMP runtime starts a team of worker threads for each thread that calls it, and
     * a native thread takes its creator's name: callers that ran the model themselves would each
     * leave threads named after them. With every call on the inference thread, the only threads
     * carrying a caller's name are the callers.
     */
    @Test
    void callersOnManyThreadsStartNoNativeThreadsOfTheirOwn() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        int callers = 4;
        CountDownLatch spoken = new CountDownLatch(callers);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = Stream.iterate(1, i -> i + 1).limit(callers).map(i -> new Thread(() -> {
            try {
                speak(pytorch, "tiny-ts", SENTENCE + " Caller " + i + ".", 1.0);
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                spoken.countDown();
            }
            try {
                release.await(); // alive while counted: a team lives as long as the thread that started it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "speaker-" + i)).toList();
        threads.forEach(Thread::start);
        try {
            spoken.await();
            assertEquals(List.of(), List.copyOf(failures));
            List<String> named = nativeThreadNames().stream().filter(name -> name.startsWith("speaker-")).toList();
            assertEquals(callers, named.size(), "native threads named after the callers: " + named);
        } finally {
            release.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static List<String> nativeThreadNames() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip();
                } catch (IOException ended) {
                    return "";
                }
            }).toList();
        }
    }

    @Test
    void englishPhonemesAllHaveIds() throws IOException {
        long before = pytorch.skippedPhonemes();
        speak(pytorch, "tiny-ts", "Quick zephyrs blow, vexing daft Jim! Why? Judge my vow: 1,234 boxes; \"thin\" things.", 1.0);
        assertEquals(before, pytorch.skippedPhonemes());
    }

    @ParameterizedTest
    @MethodSource("singleSpeakerVoices")
    void pronunciationsGoStraightToPhonemeIdsAndALanguageIsPhonemizedAsItself(String engine, String voice)
            throws Exception {
        PiperConfig config = PiperConfig.read(VOICES.resolve("tiny-onnx.onnx.json"));
        RecordedPcm respelled = new RecordedPcm();
        engine(engine).synthesize(voice(engine(engine), voice), new Utterance("qqq", 1, null,
                List.of(new Utterance.Pronunciation(0, 3, "həlˈoʊ"))), 1.0, respelled, StopCheck.NEVER, WordSink.NONE);
        assertEquals(config.phonemeIds().encode(Normalizer.normalize("həlˈoʊ", Normalizer.Form.NFD)).ids().length * HOP,
                respelled.length());
        assertTrue(respelled.length() != speak(engine(engine), voice, "qqq", 1.0).length, "not the written qqq");

        String french = "Bonjour tout le monde";
        RecordedPcm inFrench = new RecordedPcm();
        engine(engine).synthesize(voice(engine(engine), voice), new Utterance(french, 1, "fr-FR", List.of()), 1.0,
                inFrench, StopCheck.NEVER, WordSink.NONE);
        assertEquals(config.phonemeIds().encode(espeak.phonemize("fr-fr", french)).ids().length * HOP, inFrench.length());
        assertTrue(inFrench.length() != speak(engine(engine), voice, french, 1.0).length, "not read as English");
    }

    @Test
    void unknownVoiceIsRefusedWithItsCode() {
        Voice stranger = new Voice("nobody", "onnx", "en-US", 22050, "none");
        SynthesisException e = assertThrows(SynthesisException.class,
                () -> onnx.synthesize(stranger, SENTENCE, 1.0, (samples, offset, length) -> { }));
        assertEquals(io.orator.voices.SynthesisException.UNKNOWN_VOICE, e.code());
    }

    @Test
    void textWithoutPhonemesGivesNoAudio() throws IOException {
        assertEquals(0, speak(onnx, "tiny-onnx", "   ", 1.0).length);
    }

    /**
     * DJL's only network paths (native download, telemetry) are gated by these two settings; DJL
     * connects with {@code Proxy.NO_PROXY}, so no proxy selector can observe it from inside the JVM.
     */
    @Test
    void runsOfflineWithoutTelemetryAndKeepsNativesInTheCacheDirectory() throws IOException {
        assertTrue(ai.djl.util.Utils.isOfflineMode());
        assertEquals("true", ai.djl.util.Utils.getEnvOrSystemProperty(DjlEnvironment.TRACKING_OPT_OUT));
        try (Stream<Path> files = Files.walk(djlCache())) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("libtorch")),
                    "libtorch extracted under " + djlCache());
        }
    }

    /**
     * Not a timing assertion: prints resident memory over many calls so a leak (steady growth)
     * can be told from allocator warm-up (growth that levels off).
     */
    @ParameterizedTest
    @MethodSource("memoryVoices")
    void residentMemoryOverManyInferences(String engine, String voice) throws IOException {
        int calls = Integer.getInteger("orator.test.inferences", 300);
        PiperEngine piper = engine(engine);
        Voice v = voice(piper, voice);
        long[] rss = new long[calls / 50 + 1];
        long started = System.nanoTime();
        long samples = 0;
        for (int i = 0; i <= calls; i++) {
            if (i % 50 == 0) {
                rss[i / 50] = ProcessMemory.rssBytes() >> 20;
            }
            if (i < calls) {
                long[] count = {0};
                piper.synthesize(v, SENTENCE, 1.0, (s, offset, length) -> count[0] += length);
                samples += count[0];
            }
        }
        double millisPerCall = (System.nanoTime() - started) / 1e6 / calls;
        System.out.printf("%s %s: %d calls, %.2f ms per chunk (%.0f ms audio), RSS MiB every 50 calls: %s%n",
                engine, voice, calls, millisPerCall, samples * 1000.0 / calls / 22050, Arrays.toString(rss));
        assertTrue(samples > 0);
    }

    static Stream<Arguments> memoryVoices() {
        return Stream.of(Arguments.of("pytorch", "tiny-ts"), Arguments.of("onnx", "tiny-onnx"));
    }

    static VoicePack pack(String name) throws IOException {
        return VoicePacks.scan(VOICES).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static long[] ids(String text) throws Exception {
        PiperConfig config = PiperConfig.read(VOICES.resolve("tiny-onnx.onnx.json"));
        return config.phonemeIds().encode(espeak.phonemize(config.espeakVoice(), text)).ids();
    }

    @Test
    void speakersOfOneSentenceDifferThroughTheEngine() throws IOException {
        assertNotEquals(Arrays.toString(speak(onnx, "multi-onnx#p225", SENTENCE, 1.0)),
                Arrays.toString(speak(onnx, "multi-onnx#p226", SENTENCE, 1.0)));
    }

    @Test
    void aChunkPastThePhonemeIdCapIsSpokenInSeveralCallsEachAskingTheStopCheck() throws Exception {
        int cap = 32;
        int ids = phonemeIdCount(SENTENCE);
        assertTrue(ids > 2 * cap, "the sentence needs several calls: " + ids);
        try (PiperEngine capped = PiperEngine.onnx(VoicePacks.scan(VOICES), espeak::phonemize, InferenceDevice.CPU, cap, MODELS)) {
            int[] calls = new int[2];
            capped.synthesize(voice(capped, "tiny-onnx"), SENTENCE, 1.0, (samples, offset, length) -> calls[0]++,
                    () -> calls[1]++);

            assertTrue(calls[0] >= ids / cap, "model calls: " + calls[0]);
            assertEquals(calls[0], calls[1], "the stop check is asked before every call");
        }
    }

    @Test
    void aStopCheckThatThrowsEndsTheChunkBeforeTheNextModelCall() throws Exception {
        try (PiperEngine capped = PiperEngine.onnx(VoicePacks.scan(VOICES), espeak::phonemize, InferenceDevice.CPU, 32, MODELS)) {
            int[] delivered = new int[1];
            int[] asked = new int[1];
            IllegalStateException stopped = new IllegalStateException("stop");

            IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                    capped.synthesize(voice(capped, "tiny-onnx"), SENTENCE, 1.0, (s, offset, length) -> delivered[0]++,
                            () -> {
                                if (++asked[0] == 2) {
                                    throw stopped;
                                }
                            }));

            assertEquals(stopped, thrown, "the caller's own exception comes back");
            assertEquals(1, delivered[0], "one model call, then the stop");
        }
    }

}
