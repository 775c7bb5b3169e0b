package io.orator.voices.piper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orator.testing.RecordedPcm;
import io.orator.voices.StopCheck;
import io.orator.voices.TimestampPrecision;
import io.orator.voices.Utterance;
import io.orator.voices.Voice;
import io.orator.voices.espeak.EspeakEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word times of neural voices from Piper's alignment output. The aligned test pack lasts
 * {@code ceil((1 + id % 3) × length_scale)} frames of {@value #HOP} samples per phoneme id, so
 * where each word falls can be worked out from its phonemes' ids alone.
 */
class PhonemeWordsTest {

    private static final Path ALIGNED = Path.of("src/test/resources/voices-aligned");
    private static final int HOP = 256;
    private static final int RATE = 22050;

    @TempDir
    static Path dataDir;
    private static EspeakEngine espeak;
    private static PiperEngine aligned;
    private static PiperEngine plain;

    @BeforeAll
    static void start() throws IOException {
        DjlEnvironment.prepare(PiperEngineTest.djlCache());
        espeak = new EspeakEngine(dataDir.resolve("espeak"));
        aligned = PiperEngine.onnx(VoicePacks.scan(ALIGNED), espeak::phonemize, InferenceDevice.CPU);
        plain = PiperEngine.onnx(VoicePacks.scan(PiperEngineTest.VOICES), espeak::phonemize, InferenceDevice.CPU);
    }

    @AfterAll
    static void stop() {
        aligned.close();
        plain.close();
        espeak.close();
    }

    private static Voice voice(PiperEngine engine, String id) {
        return engine.voices().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow(
                () -> new AssertionError(id + " not among " + engine.voices() + "; problems: " + engine.problems()));
    }

    @Test
    void aPackWithAlignmentsGivesWordsAndOneWithoutGivesSentences() {
        assertEquals(TimestampPrecision.WORD, aligned.timestampPrecision(voice(aligned, "aligned-onnx")));
        assertEquals(TimestampPrecision.SENTENCE, plain.timestampPrecision(voice(plain, "tiny-onnx")));
    }

    @Test
    void eachWordRunsFromItsFirstPhonemesStartToItsLastPhonemesEnd() throws Exception {
        String text = "Hello brave new world.";
        List<long[]> words = new ArrayList<>();
        RecordedPcm audio = new RecordedPcm();
        aligned.synthesize(voice(aligned, "aligned-onnx"), text, 1.0, audio, StopCheck.NEVER,
                (start, end, startMillis, endMillis) -> words.add(new long[] {start, end, startMillis, endMillis}));

        PiperConfig config = PiperConfig.read(ALIGNED.resolve("aligned-onnx.onnx.json"));
        String phonemes = espeak.phonemize("en-us", text);
        long[] ids = config.phonemeIds().encode(phonemes).ids();
        long frames = 0;
        for (long id : ids) {
            frames += 1 + id % 3;
        }
        assertEquals(frames * HOP, audio.length(), "the pack lasts its durations");

        // Expected: walk the ids as the model sees them, phoneme by phoneme with its pad.
        List<long[]> expected = new ArrayList<>();
        int id = 2;
        long at = (1 + ids[0] % 3) + (1 + ids[1] % 3);
        long wordStart = -1;
        long wordEnd = -1;
        for (int i = 0; i <= phonemes.length(); i++) {
            boolean boundary = i == phonemes.length() || " .,;:!?".indexOf(phonemes.charAt(i)) >= 0;
            long start = at;
            if (i < phonemes.length()) {
                at += (1 + ids[id] % 3) + (1 + ids[id + 1] % 3);
                id += 2;
            }
            if (boundary) {
                if (wordStart >= 0) {
                    expected.add(new long[] {wordStart * HOP * 1000 / RATE, wordEnd * HOP * 1000 / RATE});
                }
                wordStart = -1;
            } else {
                wordStart = wordStart < 0 ? start : wordStart;
                wordEnd = at;
            }
        }
        assertEquals(List.of("Hello", "brave", "new", "world."),
                words.stream().map(w -> text.substring((int) w[0], (int) w[1])).toList());
        assertEquals(expected.size(), words.size());
        for (int i = 0; i < words.size(); i++) {
            assertEquals(expected.get(i)[0], words.get(i)[2], 1, "start of word " + i);
            assertEquals(expected.get(i)[1], words.get(i)[3], 1, "end of word " + i);
        }
    }

    @Test
    void writtenWordsSpokenAsSeveralShareTheirStretchInOrder() throws Exception {
        String text = "It costs 1,250 euros today.";
        List<long[]> words = new ArrayList<>();
        RecordedPcm audio = new RecordedPcm();
        aligned.synthesize(voice(aligned, "aligned-onnx"), new Utterance(text, 1, null, List.of()), 1.0, audio,
                StopCheck.NEVER, (start, end, startMillis, endMillis) -> words.add(new long[] {start, end, startMillis, endMillis}));

        assertEquals(List.of("It", "costs", "1,250", "euros", "today."),
                words.stream().map(w -> text.substring((int) w[0], (int) w[1])).toList());
        long audioMillis = audio.length() * 1000L / RATE;
        long previousEnd = 0;
        for (long[] word : words) {
            assertTrue(word[2] >= previousEnd && word[3] > word[2] && word[3] <= audioMillis,
                    "in order within " + audioMillis + " ms: " + java.util.Arrays.toString(word));
            previousEnd = word[3];
        }
    }
}
