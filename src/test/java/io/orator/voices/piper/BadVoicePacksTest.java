package io.orator.voices.piper;

import ai.djl.engine.Engine;
import io.orator.voices.Voice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Broken packs beside good ones: each broken one is reported with its reason, the good ones speak. */
class BadVoicePacksTest {

    private static final Path BAD = Path.of("src/test/resources/voices-bad");
    /** Neither TorchScript nor ONNX; any phonemizer call would be a mistake in these tests. */
    private static final Phonemizer NO_ESPEAK = (voice, text) -> {
        throw new AssertionError("espeak is not used by text voices");
    };

    @TempDir
    static Path dir;
    private static List<VoicePack> packs;
    private static PiperEngine pytorch;
    private static PiperEngine onnx;

    private static void copy(Path from, String to) throws IOException {
        Files.copy(from, dir.resolve(to));
    }

    private static void voices(String from, String to) throws IOException {
        copy(PiperEngineTest.VOICES.resolve(from), to);
    }

    @BeforeAll
    static void start() throws IOException {
        DjlEnvironment.prepare(PiperEngineTest.djlCache());
        voices("tiny-onnx.onnx", "good.onnx");
        voices("tiny-onnx.onnx.json", "good.onnx.json");
        voices("tiny-ts.pt", "good-ts.pt");
        voices("tiny-ts.pt.json", "good-ts.pt.json");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(dir.resolve("corrupt.onnx"), noise);
        voices("tiny-onnx.onnx.json", "corrupt.onnx.json");
        Files.write(dir.resolve("corrupt-ts.pt"), noise);
        voices("tiny-ts.pt.json", "corrupt-ts.pt.json");
        copy(BAD.resolve("wrong-names.onnx"), "wrong-names.onnx");
        copy(BAD.resolve("wrong-names.onnx.json"), "wrong-names.onnx.json");
        voices("multi-onnx.onnx", "one-speaker-config.onnx");
        voices("tiny-onnx.onnx.json", "one-speaker-config.onnx.json");
        voices("tiny-ts-scales.pt", "wrong-form.pt");
        voices("tiny-ts.pt.json", "wrong-form.pt.json");
        voices("tiny-onnx.onnx", "no-config.onnx");
        voices("tiny-onnx.onnx", "letters.onnx");
        Files.writeString(dir.resolve("letters.onnx.json"), Files.readString(
                PiperEngineTest.VOICES.resolve("tiny-onnx.onnx.json")).replace("\"phoneme_type\": \"espeak\"", "\"phoneme_type\": \"text\""));
        packs = VoicePacks.scan(dir);
        pytorch = PiperEngine.torchScript(packs, NO_ESPEAK, InferenceDevice.AUTO);
        onnx = PiperEngine.onnx(packs, NO_ESPEAK, InferenceDevice.AUTO);
    }

    @AfterAll
    static void stop() {
        pytorch.close();
        onnx.close();
    }

    private static Map<String, String> reasons(PiperEngine engine) {
        return engine.problems().stream().collect(Collectors.toMap(PackProblem::pack, PackProblem::reason));
    }

    private static void assertReason(Map<String, String> reasons, String pack, String part) {
        String reason = reasons.get(pack);
        assertTrue(reason != null && reason.contains(part), pack + ": expected '" + part + "' in " + reason);
    }

    @Test
    void reportsEachBrokenOnnxPackWithItsReason() {
        Map<String, String> reasons = reasons(onnx);
        System.out.println("ONNX pack problems: " + reasons);
        assertEquals(4, reasons.size(), reasons.toString());
        assertReason(reasons, "corrupt", "model corrupt.onnx cannot be loaded");
        assertReason(reasons, "wrong-names", "model inputs are [scales, text, text_lengths]");
        assertReason(reasons, "one-speaker-config", "model inputs are [input, input_lengths, scales, sid]");
        assertReason(reasons, "no-config", "no config");
    }

    @Test
    void noReasonNamesAServerPathOrQuotesTheNativeEngine() {
        for (PiperEngine engine : List.of(onnx, pytorch)) {
            reasons(engine).forEach((pack, reason) -> {
                assertFalse(reason.contains(dir.toString()) || reason.contains("/"), pack + ": " + reason);
                assertFalse(reason.contains("Exception") || reason.contains("ORT_") || reason.contains("c10::"),
                        pack + ": " + reason);
            });
        }
    }

    @Test
    void reportsEachBrokenTorchScriptPackWithItsReason() {
        Map<String, String> reasons = reasons(pytorch);
        System.out.println("TorchScript pack problems: " + reasons);
        assertEquals(2, reasons.size(), reasons.toString());
        assertReason(reasons, "corrupt-ts", "model corrupt-ts.pt cannot be loaded");
        assertReason(reasons, "wrong-form", "does not run with Piper's inputs (torchscript.input_form infer)");
    }

    @Test
    void theGoodPacksStillSpeak() throws IOException {
        assertEquals(List.of("good", "letters"), onnx.voices().stream().map(Voice::id).sorted().toList());
        assertEquals(List.of("good-ts"), pytorch.voices().stream().map(Voice::id).toList());
        Voice good = onnx.voices().stream().filter(v -> v.id().equals("good")).findFirst().orElseThrow();
        Phonemizer fixed = (voice, text) -> "ɡˈʊd";
        try (PiperEngine again = PiperEngine.onnx(packs, fixed, InferenceDevice.CPU)) {
            long[] samples = {0};
            again.synthesize(good, "good", 1.0, (s, offset, length) -> samples[0] += length);
            assertEquals(11 * 256, samples[0]);
        }
    }

    @Test
    void countsPhonemesTheVoiceDoesNotKnow() throws IOException {
        Voice letters = onnx.voices().stream().filter(v -> v.id().equals("letters")).findFirst().orElseThrow();
        long[] samples = {0};
        onnx.synthesize(letters, "hello §¶", 1.0, (s, offset, length) -> samples[0] += length);
        assertEquals(2, onnx.skippedPhonemes());
        // ^ _, then h e l l o space with a pad after each, then $: 15 ids.
        assertEquals(15 * 256, samples[0]);
    }

    @Test
    void aRequiredGpuThatIsAbsentMakesEveryPackUnusable() {
        assumeTrue(Engine.getEngine(PiperModel.PYTORCH).getGpuCount() == 0, "this machine has a GPU");
        try (PiperEngine gpuOnly = PiperEngine.torchScript(packs, NO_ESPEAK, InferenceDevice.GPU)) {
            assertEquals(List.of(), gpuOnly.voices());
            Map<String, String> reasons = reasons(gpuOnly);
            assertReason(reasons, "good-ts", "no GPU usable by PyTorch");
            assertEquals("none", gpuOnly.device());
        }
    }

    @Test
    void devicesParseFromConfiguration() {
        assertEquals(InferenceDevice.GPU, InferenceDevice.parse(" GPU "));
        assertEquals(InferenceDevice.AUTO, InferenceDevice.parse("auto"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> InferenceDevice.parse("tpu")).getMessage().contains("auto, cpu or gpu"));
    }
}
