package io.orator.voices.piper;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiperConfigTest {

    private static final String MINIMAL = """
            {"audio": {"sample_rate": 16000}, "espeak": {"voice": "de"},
             "phoneme_id_map": {"_": [0], "^": [1], "$": [2], "a": [14]}}""";

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String reason(String text) {
        return assertThrows(IllegalArgumentException.class, () -> PiperConfig.parse(json(text))).getMessage();
    }

    @Test
    void readsACommittedMultiSpeakerConfig() throws Exception {
        PiperConfig config = PiperConfig.read(PiperEngineTest.VOICES.resolve("multi-ts.pt.json"));
        assertEquals(22050, config.sampleRate());
        assertEquals("en-us", config.espeakVoice());
        assertEquals("en-US", config.language());
        assertEquals(PiperConfig.PhonemeType.ESPEAK, config.phonemeType());
        assertEquals(0.667f, config.noiseScale());
        assertEquals(1.0f, config.lengthScale());
        assertEquals(0.8f, config.noiseW());
        assertEquals(4, config.numSpeakers());
        assertEquals(List.of("p225", "p226", "p227", "p228"), List.copyOf(config.speakers().keySet()));
        assertEquals(3, config.speakers().get("p228"));
        assertEquals(PiperConfig.TorchScriptForm.INFER, config.torchScriptForm());
        assertEquals(PiperConfig.TorchScriptForm.SCALES,
                PiperConfig.read(PiperEngineTest.VOICES.resolve("multi-ts-scales.pt.json")).torchScriptForm());
    }

    @Test
    void takesPipersDefaultsForWhatIsAbsent() {
        PiperConfig config = PiperConfig.parse(json(MINIMAL));
        assertEquals(16000, config.sampleRate());
        assertEquals(PiperConfig.DEFAULT_NOISE_SCALE, config.noiseScale());
        assertEquals(PiperConfig.DEFAULT_LENGTH_SCALE, config.lengthScale());
        assertEquals(PiperConfig.DEFAULT_NOISE_W, config.noiseW());
        assertEquals(1, config.numSpeakers());
        assertTrue(config.speakers().isEmpty());
        assertEquals("de", config.language());
        assertNull(config.description());
    }

    @Test
    void numbersSpeakersWithoutASpeakerMap() {
        PiperConfig config = PiperConfig.parse(json(MINIMAL.replace("{\"audio\"", "{\"num_speakers\": 3, \"audio\"")));
        assertEquals(List.of("0", "1", "2"), List.copyOf(config.speakers().keySet()));
    }

    @Test
    void textVoicesNeedNoEspeakVoice() {
        PiperConfig config = PiperConfig.parse(json("""
                {"audio": {"sample_rate": 22050}, "phoneme_type": "text",
                 "phoneme_id_map": {"_": [0], "^": [1], "$": [2]}}"""));
        assertEquals(PiperConfig.PhonemeType.TEXT, config.phonemeType());
    }

    @Test
    void namesWhatIsWrong() {
        assertTrue(reason("{}").contains("audio.sample_rate"));
        assertTrue(reason(MINIMAL.replace("16000", "-1")).contains("audio.sample_rate"));
        assertTrue(reason(MINIMAL.replace("\"de\"", "\"\"")).contains("espeak.voice"));
        assertTrue(reason(MINIMAL.replace("\"$\": [2], ", "")).contains("'$'"));
        assertTrue(reason(MINIMAL.replace("[14]", "\"x\"")).contains("phoneme_id_map['a']"));
        assertTrue(reason(MINIMAL.replace("{\"audio\"", "{\"phoneme_type\": \"pinyin\", \"audio\"")).contains("pinyin"));
        assertTrue(reason(MINIMAL.replace("{\"audio\"", "{\"num_speakers\": 2, \"speaker_id_map\": {\"a\": 5}, \"audio\""))
                .contains("speaker_id_map['a']"));
        assertTrue(reason(MINIMAL.replace("{\"audio\"", "{\"torchscript\": {\"input_form\": \"odd\"}, \"audio\""))
                .contains("torchscript.input_form"));
    }

    @Test
    void aFileThatIsNotJsonIsAPackProblem(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.onnx.json"), "{ not json");
        VoicePackException e = assertThrows(VoicePackException.class, () -> PiperConfig.read(file));
        assertTrue(e.getMessage().startsWith("x.onnx.json"), e.getMessage());
    }
}
