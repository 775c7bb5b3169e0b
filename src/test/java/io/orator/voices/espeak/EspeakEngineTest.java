package io.orator.voices.espeak;

import io.orator.testing.MallocInUse;
import io.orator.testing.RecordedPcm;
import io.orator.voices.StopCheck;
import io.orator.voices.SynthesisException;
import io.orator.voices.Utterance;
import io.orator.voices.Voice;
import io.orator.voices.WordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspeakEngineTest {

    private static final String SENTENCE = "Hello world, this is a test.";
    private static final String PARAGRAPH = """
            The lighthouse keeper climbed the spiral stairs every evening at dusk, counting the \
            steps as his father had taught him. There were one hundred and twelve of them, worn \
            smooth in the middle by a century of boots. At the top he trimmed the wick, polished \
            the great lens until it gleamed, and watched the first beam sweep across the darkening \
            water. Ships he would never meet depended on that light: fishing boats returning late, \
            ferries crossing to the islands, and now and then a tall cargo vessel bound for ports \
            whose names he only knew from the radio. On calm nights he read by the lamp's edge; on \
            stormy ones he listened to the wind test every window and wondered whether anyone out \
            there was thinking of him at all. In the morning he wrote a single line in the log, the \
            weather and the hour the light went out, and then he slept until the gulls woke him \
            again. It was a small life, he sometimes thought, but it was never an unimportant one.""";

    @TempDir
    static Path dataDir;
    private static EspeakEngine engine;

    @BeforeAll
    static void start() {
        engine = new EspeakEngine(dataDir.resolve("espeak"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void synthesizesASentenceToAudibleSpeechOfPlausibleLength() throws IOException {
        RecordedPcm audio = speak("en-us-f3", SENTENCE, 1.0);

        assertEquals(22050, engine.sampleRate());
        double seconds = audio.seconds(engine.sampleRate());
        assertTrue(seconds > 1 && seconds < 4, "duration " + seconds);
        assertTrue(audio.rms() > 1000, "rms " + audio.rms());
    }

    @Test
    void defaultSpeakerVoicesSoundDifferent() throws IOException {
        List<double[]> timbres = new ArrayList<>();
        for (String id : EspeakEngine.DEFAULT_SPEAKER_VOICES) {
            timbres.add(speak(id, "The quick brown fox jumps over the lazy dog near the river bank.", 1.0)
                    .bandLevels(engine.sampleRate()));
        }
        for (int a = 0; a < timbres.size(); a++) {
            for (int b = a + 1; b < timbres.size(); b++) {
                double distance = RecordedPcm.timbreDistance(timbres.get(a), timbres.get(b));
                // Measured: 2.6 dB between the closest pair (f3, f5); nearly identical variants differ by ~1 dB.
                assertTrue(distance > 1.8, EspeakEngine.DEFAULT_SPEAKER_VOICES.get(a) + " vs "
                        + EspeakEngine.DEFAULT_SPEAKER_VOICES.get(b) + ": " + distance + " dB");
            }
        }
    }

    @Test
    void doubleSpeedGivesMuchShorterAudio() throws IOException {
        int normal = speak("en-us-m7", PARAGRAPH.substring(0, 300), 1.0).length();
        int fast = speak("en-us-m7", PARAGRAPH.substring(0, 300), 2.0).length();

        assertTrue(fast < 0.65 * normal, fast + " samples at 2x vs " + normal + " at 1x");
    }

    @Test
    void speaksOtherLanguages() throws IOException {
        RecordedPcm german = speak("de", "Guten Morgen, wie geht es Ihnen?", 1.0);

        assertTrue(german.seconds(engine.sampleRate()) > 1 && german.rms() > 1000);
    }

    @Test
    void phonemizesToIpa() {
        assertEquals("həlˈoʊ wˈɜːld", engine.phonemize("en-us", "hello world"));
    }

    @Test
    void phonemizeKeepsTheClausePunctuationPiperKeeps() {
        assertEquals("həlˈoʊ, wˈɜːld. ɑːɹ juː ðˈɛɹ? jˈɛs!",
                engine.phonemize("en-us", "Hello, world. Are you there? Yes!"));
    }

    @Test
    void phonemizeAcceptsALanguageThatIsNoVoiceName() {
        // Piper configs may name a language (en-gb) where espeak-ng's voice file is called "en".
        String british = engine.phonemize("en-gb", "tomato");

        assertTrue(british.contains("ɑː"), british);
        assertTrue(engine.phonemize("en-us", "tomato").contains("eɪ"));
    }

    @Test
    void phonemizingKeepsNoNativeMemory() {
        // Selecting the voice for each text used to leak a copy of it (about 1.4 KB) in espeak-ng:
        // malloc held some 280 KB more after every 200 texts. The JVM's own threads (its compilers,
        // its heap) take and give back megabytes now and then: the typical step between two
        // readings, their median, is what a steady leak moves and those jumps do not.
        assumeTrue(MallocInUse.bytes().isPresent(), "needs glibc's mallinfo2");
        for (int i = 0; i < 1000; i++) {
            engine.phonemize(i % 2 == 0 ? "en-us" : "en-gb", "Warm-up line " + i + ".");
        }
        List<Long> readings = new ArrayList<>();
        for (int i = 0; i <= 4000; i++) {
            if (i % 200 == 0) {
                readings.add(MallocInUse.bytes().orElseThrow());
            }
            engine.phonemize(i % 2 == 0 ? "en-us" : "en-gb", "Line " + i + ". Then the keeper climbed the stairs.");
        }
        long[] steps = new long[readings.size() - 1];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = readings.get(i + 1) - readings.get(i);
        }
        Arrays.sort(steps);
        long typicalStep = steps[steps.length / 2];

        assertTrue(typicalStep < 100_000, "malloc typically holds " + typicalStep + " bytes more after each 200 texts: "
                + readings);
    }

    @Test
    void phonemizeRejectsAnUnknownVoice() {
        SynthesisException e = assertThrows(SynthesisException.class, () -> engine.phonemize("xx-nowhere", "hello"));
        assertEquals("UNKNOWN_VOICE", e.code());
    }

    @Test
    void listsDistinctEnglishVoicesAndManyLanguagesWithUniqueUrlSafeIds() {
        List<Voice> voices = engine.voices();
        Set<String> ids = new HashSet<>();
        for (Voice voice : voices) {
            assertTrue(ids.add(voice.id()), "duplicate " + voice.id());
            assertTrue(voice.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), voice.id());
            assertEquals("espeak-ng", voice.engine());
            assertEquals(22050, voice.sampleRate());
            assertTrue(voice.description().endsWith("(espeak-ng)"), voice.description());
        }
        Map<String, Voice> byId = voices.stream().collect(Collectors.toMap(Voice::id, Function.identity()));
        for (String id : List.of("en-us-f3", "en-us-m7", "en-us-m1", "en-us-f5", "en-gb-m3", "en-gb-f2",
                "en-us-f1", "en-us-m4")) {
            assertTrue(byId.containsKey(id), id);
        }
        assertEquals("en-GB", byId.get("en-gb-m3").language());
        assertEquals("US English, female voice 3 (espeak-ng)", byId.get("en-us-f3").description());
        assertEquals("pt-BR", byId.get("pt-br").language());
        assertTrue(byId.containsKey("cmn") && byId.containsKey("fr-fr") && byId.containsKey("de"));
        long otherLanguages = voices.stream().map(Voice::language).filter(l -> !l.startsWith("en")).distinct().count();
        assertTrue(otherLanguages >= 20, otherLanguages + " other languages");
        assertTrue(byId.keySet().containsAll(EspeakEngine.DEFAULT_SPEAKER_VOICES));
    }

    @Test
    void everyListedVoiceSpeaks() throws IOException {
        for (Voice voice : engine.voices()) {
            RecordedPcm audio = new RecordedPcm();
            engine.synthesize(voice, "hello 1 2 3", 1.0, audio);
            assertTrue(audio.rms() > 300, voice.id() + " rms " + audio.rms());
        }
    }

    @Test
    void sinkFailureAbortsSynthesisAndPropagates() throws IOException {
        IOException diskFull = new IOException("disk full");
        int[] calls = {0};

        IOException thrown = assertThrows(IOException.class, () -> engine.synthesize(voice("en-us-m1"), PARAGRAPH, 1.0,
                (samples, offset, length) -> {
                    calls[0]++;
                    throw diskFull;
                }));

        assertSame(diskFull, thrown);
        assertEquals(1, calls[0]);
        // The aborted text is gone: the next chunk comes out whole and alone.
        assertSameSpeech(speak("en-us-f3", SENTENCE, 1.0), speak("en-us-f3", SENTENCE, 1.0));
    }

    @Test
    void aStopCheckThatThrowsAbortsALongChunkMidwayAndTheNextChunkIsWhole() throws IOException {
        String longChunk = PARAGRAPH.repeat(10);
        RecordedPcm whole = new RecordedPcm();
        engine.synthesize(voice("en-us-m1"), longChunk, 1.0, whole);
        RecordedPcm partial = new RecordedPcm();
        IllegalStateException cancelled = new IllegalStateException("cancelled");
        int[] asked = {0};
        long started = System.nanoTime();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> engine.synthesize(
                voice("en-us-m1"), longChunk, 1.0, partial, () -> {
                    if (++asked[0] > 20) {
                        throw cancelled;
                    }
                }));
        long abortMillis = (System.nanoTime() - started) / 1_000_000;

        assertSame(cancelled, thrown);
        assertTrue(partial.length() < whole.length() / 10,
                "stopped early: " + partial.length() + " of " + whole.length() + " samples, in " + abortMillis + " ms");
        assertSameSpeech(speak("en-us-f3", SENTENCE, 1.0), speak("en-us-f3", SENTENCE, 1.0));
    }

    @Test
    void rejectsAVoiceOfAnotherEngine() {
        Voice foreign = new Voice("lessac", "onnx", "en-US", 22050, "neural");

        SynthesisException e = assertThrows(SynthesisException.class,
                () -> engine.synthesize(foreign, SENTENCE, 1.0, new RecordedPcm()));
        assertEquals("UNKNOWN_VOICE", e.code());
    }

    @Test
    void concurrentCallsAllGetCompleteAudio() throws Exception {
        List<String> ids = EspeakEngine.DEFAULT_SPEAKER_VOICES;
        List<RecordedPcm> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add(speak(id, SENTENCE, 1.0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<List<RecordedPcm>>> results = new ArrayList<>();
            for (String id : ids) {
                Callable<List<RecordedPcm>> task = () -> {
                    List<RecordedPcm> outputs = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        outputs.add(speak(id, SENTENCE, 1.0));
                        assertEquals("həlˈoʊ wˈɜːld", engine.phonemize("en-us", "hello world"));
                    }
                    return outputs;
                };
                results.add(pool.submit(task));
            }
            for (int t = 0; t < ids.size(); t++) {
                for (RecordedPcm output : results.get(t).get()) {
                    assertSameSpeech(expected.get(t), output);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void synthesizesMuchFasterThanRealTime() throws IOException {
        speak("en-us-f3", SENTENCE, 1.0);
        long start = System.nanoTime();
        RecordedPcm audio = speak("en-us-f3", PARAGRAPH, 1.0);
        double elapsed = (System.nanoTime() - start) / 1e9;

        double realTimeFactor = elapsed / audio.seconds(engine.sampleRate());
        System.out.printf("espeak-ng: %d characters, %.1f s of audio in %.3f s, real-time factor %.4f%n",
                PARAGRAPH.length(), audio.seconds(engine.sampleRate()), elapsed, realTimeFactor);
        assertTrue(realTimeFactor < 0.2, "real-time factor " + realTimeFactor);
    }

    private static RecordedPcm speak(String voiceId, String text, double speed) throws IOException {
        RecordedPcm audio = new RecordedPcm();
        engine.synthesize(voice(voiceId), text, speed, audio);
        return audio;
    }

    /**
     * espeak-ng's output is not bit-exact from call to call: noise sources and state left by the
     * previous call move the length by up to ~200 samples (~0.6 %, measured), so length and
     * loudness are compared with a margin.
     */
    private static void assertSameSpeech(RecordedPcm expected, RecordedPcm actual) {
        assertEquals(expected.length(), actual.length(), expected.length() * 0.02, "samples");
        assertEquals(expected.rms(), actual.rms(), expected.rms() * 0.05, "rms");
    }

    @Test
    void afterAFreshStartAChunkSoundsTheSameWhateverWasSpokenBefore() throws IOException {
        speak("en-us-m7", PARAGRAPH, 1.0);
        engine.startAfresh();
        RecordedPcm first = speak("en-us-f3", SENTENCE, 1.0);
        RecordedPcm second = speak("en-us-f3", SENTENCE, 1.0);
        speak("en-us-m1", "Something else entirely, in another voice.", 1.3);
        engine.startAfresh();
        RecordedPcm again = speak("en-us-f3", SENTENCE, 1.0);

        assertTrue(engine.carriesStateBetweenCalls());
        assertArrayEquals(Arrays.copyOf(first.samples(), first.length()), Arrays.copyOf(again.samples(), again.length()),
                "the same samples after a fresh start");
        assertFalse(Arrays.equals(Arrays.copyOf(first.samples(), first.length()), Arrays.copyOf(second.samples(), second.length())),
                "without one, the previous call shows: the test can see the difference");
    }

    private static Voice voice(String id) {
        return engine.voices().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void reportsEveryWrittenWordWithItsTextSpanAndTimesInOrder() throws IOException {
        String text = "Café owners, naïve as ever; paid 1,250 euros.";
        List<long[]> words = new ArrayList<>();
        RecordedPcm pcm = new RecordedPcm();
        engine.synthesize(voice("en-us-f3"), text, 1.0, pcm, StopCheck.NEVER,
                (start, end, startMillis, endMillis) -> words.add(new long[] {start, end, startMillis, endMillis}));

        // A number read out as four words is one word of the text.
        assertEquals(List.of("Café", "owners", "naïve", "as", "ever", "paid", "1,250", "euros"),
                words.stream().map(w -> text.substring((int) w[0], (int) w[1])).toList());
        long audioMillis = pcm.length() * 1000L / engine.sampleRate();
        long previousEnd = 0;
        for (long[] word : words) {
            assertTrue(word[2] >= previousEnd && word[3] > word[2] && word[3] <= audioMillis,
                    "times in order within " + audioMillis + " ms: " + Arrays.toString(word));
            previousEnd = word[3];
        }
        // After a clause's pause the next word starts where the sound starts again.
        for (String afterPause : List.of("naïve", "paid")) {
            long[] word = words.stream().filter(w -> text.substring((int) w[0], (int) w[1]).equals(afterPause))
                    .findFirst().orElseThrow();
            long previous = words.get(words.indexOf(word) - 1)[3];
            long onset = firstSoundingMillisFrom(pcm.samples(), previous);
            assertTrue(Math.abs(onset - word[2]) <= 30, afterPause + " starts at " + word[2]
                    + " ms, its sound at " + onset + " ms");
            assertTrue(word[2] - previous >= 30, "the pause before " + afterPause + " is not in the word before it");
        }
    }

    @Test
    void wordsEspeakSpeaksWithTheirNeighbourAreReportedToo() throws IOException {
        // espeak-ng reports no word of its own for "the" here.
        String text = "Every pause in the audio is a boundary.";
        // Neural voices phonemize through the same espeak-ng between its own chunks, which leaves
        // events queued for the next synthesis; they must not crowd out this text's words.
        for (int i = 0; i < 1000; i++) {
            engine.phonemize(i % 2 == 0 ? "en-gb" : "en-us", "Phonemes for a neural voice, number " + i + ".");
        }
        List<String> words = new ArrayList<>();
        engine.synthesize(voice("en-us-f3"), text, 1.0, new RecordedPcm(), StopCheck.NEVER,
                (start, end, startMillis, endMillis) -> words.add(text.substring(start, end)));

        assertEquals(List.of("Every", "pause", "in", "the", "audio", "is", "a", "boundary"), words);
    }

    @Test
    void ipaPronunciationsAreSpokenAndTheirWordsPointAtTheWrittenText() throws IOException {
        String text = "Say qqq now";
        Utterance respelled = new Utterance(text, 1, null, List.of(new Utterance.Pronunciation(4, 7, "ˈhɛloʊ wˈɜːld")));
        List<String> words = new ArrayList<>();
        RecordedPcm spoken = new RecordedPcm();
        engine.synthesize(voice("en-us-f3"), respelled, 1.0, spoken, StopCheck.NEVER,
                (start, end, startMillis, endMillis) -> words.add(text.substring(start, end)));
        RecordedPcm plain = speak("en-us-f3", "Say hello world now", 1.0);

        // "qqq" said as "hello world": as long as the words it stands for, reported as the written "qqq".
        assertEquals(plain.length(), spoken.length(), plain.length() * 0.15, "samples");
        assertTrue(words.contains("qqq") && words.contains("now"), words.toString());
    }

    @Test
    void pitchChangesThePitchNotTheLength() throws IOException {
        String text = "The quick brown fox jumps over the lazy dog.";
        RecordedPcm natural = speak("en-us-m7", text, 1.0);
        RecordedPcm high = new RecordedPcm();
        engine.synthesize(voice("en-us-m7"), new Utterance(text, 1.6, null, List.of()), 1.0, high, StopCheck.NEVER,
                WordSink.NONE);

        assertEquals(natural.length(), high.length(), natural.length() * 0.05, "samples");
        assertTrue(medianPitch(high) > 1.15 * medianPitch(natural),
                medianPitch(high) + " Hz vs " + medianPitch(natural) + " Hz");
        // The next plain call is back at the voice's own pitch.
        assertSameSpeech(natural, speak("en-us-m7", text, 1.0));
    }

    @Test
    void anotherLanguageIsSpokenByEspeaksVoiceForIt() throws IOException {
        String text = "Bonjour, comment allez-vous aujourd'hui?";
        RecordedPcm english = speak("en-us-f3", text, 1.0);
        RecordedPcm french = new RecordedPcm();
        engine.synthesize(voice("en-us-f3"), new Utterance(text, 1, "fr-FR", List.of()), 1.0, french, StopCheck.NEVER,
                WordSink.NONE);
        RecordedPcm unknown = new RecordedPcm();
        engine.synthesize(voice("en-us-f3"), new Utterance(text, 1, "qaa", List.of()), 1.0, unknown, StopCheck.NEVER,
                WordSink.NONE);

        assertTrue(Math.abs(french.length() - english.length()) > english.length() * 0.05,
                french.length() + " samples in French vs " + english.length() + " read as English");
        // A language espeak-ng lacks is read by the voice as it is.
        assertSameSpeech(english, unknown);
    }

    @Test
    void ipaIsWrittenInEspeaksPhonemeNames() {
        assertEquals("t@'meItoU", IpaToEspeak.convert("təˈmeɪtoʊ"));
        assertEquals("D@_kw'Ik", IpaToEspeak.convert("ðə kwˈɪk"));
        assertEquals("tS'3:tS", IpaToEspeak.convert("tʃˈɜːtʃ"));
    }

    /** The median fundamental frequency of the loud frames, by autocorrelation over 60–400 Hz. */
    private static double medianPitch(RecordedPcm audio) {
        short[] samples = audio.samples();
        int rate = engine.sampleRate();
        int frame = rate / 25;
        List<Double> pitches = new ArrayList<>();
        for (int at = 0; at + 2 * frame < audio.length(); at += frame) {
            double energy = 0;
            for (int i = 0; i < frame; i++) {
                energy += (double) samples[at + i] * samples[at + i];
            }
            if (Math.sqrt(energy / frame) < 1000) {
                continue;
            }
            int bestLag = 0;
            double best = 0;
            for (int lag = rate / 400; lag <= rate / 60; lag++) {
                double sum = 0;
                for (int i = 0; i < frame; i++) {
                    sum += (double) samples[at + i] * samples[at + i + lag];
                }
                if (sum > best) {
                    best = sum;
                    bestLag = lag;
                }
            }
            if (best > 0.5 * energy) {
                pitches.add((double) rate / bestLag);
            }
        }
        pitches.sort(null);
        return pitches.get(pitches.size() / 2);
    }

    private static long firstSoundingMillisFrom(short[] samples, long millis) {
        for (int i = (int) (millis * engine.sampleRate() / 1000); i < samples.length; i++) {
            // −30 dBFS: speech, not the tail of the word before.
            if (Math.abs(samples[i]) > 1000) {
                return i * 1000L / engine.sampleRate();
            }
        }
        return -1;
    }
}
