package io.orator.synthesis;

import io.orator.synthesis.loudness.LoudnessMeter;
import io.orator.synthesis.ssml.SsmlParser;
import io.orator.synthesis.timing.TimedMark;
import io.orator.synthesis.timing.TimedSentence;
import io.orator.synthesis.timing.TimedWord;
import io.orator.synthesis.timing.TimelineReader;
import io.orator.voices.TimestampPrecision;
import io.orator.voices.WordSink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.orator.voices.EngineTurns;
import io.orator.voices.PcmSink;
import io.orator.voices.SpeakerVoice;
import io.orator.voices.SpeechEngine;
import io.orator.voices.StopCheck;
import io.orator.voices.SynthesisException;
import io.orator.voices.Voice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthesisPipelineTest {

    private static final int RATE = 16000;
    /** Samples the engine speaks per chunk, whatever the text. */
    private static final int CHUNK_SAMPLES = 1600;
    private static final int SENTENCE_PAUSE = 250 * RATE / 1000;
    private static final int TURN_PAUSE = 600 * RATE / 1000;
    private static final int CLAUSE_PAUSE = 80 * RATE / 1000;

    @TempDir
    Path dir;

    private final ToneEngine engine = new ToneEngine();
    private final Voice alice = new Voice("alice", "tone", "en-US", RATE, "test voice");
    private final Voice bob = new Voice("bob", "tone", "en-US", RATE, "test voice");
    private final List<String> checkpoints = new ArrayList<>();
    private SynthesisPipeline pipeline;
    private Path temp;
    private Path target;
    private JobFiles files;

    @BeforeEach
    void pipeline() {
        pipeline = new SynthesisPipeline();
        pipeline.engineTurns = new EngineTurns();
        pipeline.maxChunkCharacters = SentenceChunker.DEFAULT_MAX_CHARACTERS;
        pipeline.clausePauseMillis = 80;
        pipeline.sentencePauseMillis = 250;
        pipeline.turnPauseMillis = 600;
        // The tone engine's chunks are compared sample for sample; levelling has tests of its own.
        pipeline.loudnessTarget = "off";
        temp = dir.resolve("job-1.part");
        target = dir.resolve("job-1.wav");
        files = new JobFiles(temp, target, dir.resolve("job-1.timeline.part"), dir.resolve("job-1.timeline"));
    }

    @Test
    void speaksEveryChunkInOrderWithItsSpeakersVoice() throws IOException {
        SpokenAudio audio = speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), 1.0);

        assertEquals(List.of("alice: One.", "alice: Two.", "bob: Three."), engine.spoken);
        assertEquals(3, audio.chunks());
        short[] pcm = pcm(target);
        assertArrayEquals(concat(tone(1), silence(SENTENCE_PAUSE), tone(2), silence(TURN_PAUSE), tone(3)), pcm);
    }

    @Test
    void pausesBetweenClausesOfALongSentence() throws IOException {
        pipeline.maxChunkCharacters = 25;

        speak(List.of(new Turn(1, "Alpha bravo charlie, delta echo foxtrot.")), 1.0);

        assertEquals(List.of("alice: Alpha bravo charlie,", "alice: delta echo foxtrot."), engine.spoken);
        assertArrayEquals(concat(tone(1), silence(CLAUSE_PAUSE), tone(2)), pcm(target));
    }

    @Test
    void configuredPausesAreUsed() throws IOException {
        pipeline.sentencePauseMillis = 0;
        pipeline.turnPauseMillis = 100;

        speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), 1.0);

        assertArrayEquals(concat(tone(1), tone(2), silence(100 * RATE / 1000), tone(3)), pcm(target));
    }

    @Test
    void checkpointBeforeTheFirstChunkAndAfterEveryChunk() throws IOException {
        speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), 1.0);

        assertEquals(List.of(
                "0/3 at 0",
                "1/3 at " + CHUNK_SAMPLES,
                "2/3 at " + (2 * CHUNK_SAMPLES + SENTENCE_PAUSE),
                "3/3 at " + (3 * CHUNK_SAMPLES + SENTENCE_PAUSE + TURN_PAUSE)), checkpoints);
    }

    @Test
    void checkpointThatThrowsStopsTheJobAndPublishesNothing() {
        Checkpoint cancelAfterFirst = (done, total, seconds) -> {
            if (done == 1) {
                throw new SynthesisStopped(SynthesisStopped.Reason.CANCELLED, "cancelled");
            }
        };

        SynthesisStopped stopped = assertThrows(SynthesisStopped.class, () -> pipeline.speak(
                List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), cast(alice, bob), 1.0, files,
                cancelAfterFirst));

        assertEquals(SynthesisStopped.Reason.CANCELLED, stopped.reason());
        assertEquals(List.of("alice: One."), engine.spoken);
        assertFalse(Files.exists(target), "no audio published");
        assertFalse(Files.exists(temp), "the partial file is deleted");
        assertFalse(Files.exists(files.timeline()) || Files.exists(files.timelineTemp()), "no timeline either");
    }

    @Test
    void engineFailureStopsTheJobAndPublishesNothing() {
        engine.failOn = "Two.";

        SynthesisException failed = assertThrows(SynthesisException.class,
                () -> speak(List.of(new Turn(1, "One. Two. Three.")), 1.0));

        assertEquals(SynthesisException.INFERENCE_FAILED, failed.code());

        assertEquals(List.of("alice: One."), engine.spoken);
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(files.timeline()) || Files.exists(files.timelineTemp()));
    }

    @Test
    void publishesACompleteWavFile() throws IOException {
        SpokenAudio audio = speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), 1.0);

        long samples = 3 * CHUNK_SAMPLES + SENTENCE_PAUSE + TURN_PAUSE;
        WavInfo info = WavInfo.read(target);
        assertEquals(RATE, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(2 * samples, info.dataBytes());
        assertEquals(Files.size(target), audio.bytes());
        assertEquals(target, audio.file());
        assertEquals(RATE, audio.sampleRate());
        assertEquals((double) samples / RATE, audio.seconds(), 1e-9);
        assertFalse(Files.exists(temp), "the temporary file was moved into place");
    }

    @Test
    void theTimelinePlacesEverySentenceInTheAudioAndTheText() throws IOException {
        speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), 1.0);

        List<TimedSentence> sentences = sentences(files.timeline());
        long chunk = CHUNK_SAMPLES * 1000L / RATE;
        long sentencePause = SENTENCE_PAUSE * 1000L / RATE;
        long turnPause = TURN_PAUSE * 1000L / RATE;
        assertEquals(List.of(
                new TimedSentence("One.", 1, 0, 0, 4, 0, chunk, TimestampPrecision.SENTENCE, List.of()),
                new TimedSentence("Two.", 1, 0, 5, 9, chunk + sentencePause, 2 * chunk + sentencePause,
                        TimestampPrecision.SENTENCE, List.of()),
                new TimedSentence("Three.", 2, 1, 0, 6, 2 * chunk + sentencePause + turnPause,
                        3 * chunk + sentencePause + turnPause, TimestampPrecision.SENTENCE, List.of())), sentences);
        assertFalse(Files.exists(files.timelineTemp()), "the timeline was moved into place");
    }

    @Test
    void wordsAnEngineReportsArePlacedInTheJobsTextAndAudio() throws IOException {
        engine.reportWords = true;
        // Two chunks of one sentence: "Alpha beta," and "gamma delta." at 12 characters a chunk.
        pipeline.maxChunkCharacters = 12;
        speak(List.of(new Turn(1, "Alpha beta, gamma delta.")), 1.0);

        TimedSentence sentence = sentences(files.timeline()).get(0);
        long chunk = CHUNK_SAMPLES * 1000L / RATE;
        long secondChunk = chunk + CLAUSE_PAUSE * 1000L / RATE;
        assertEquals("Alpha beta, gamma delta.", sentence.text());
        assertEquals(TimestampPrecision.WORD, sentence.precision());
        // The tone engine gives each word an equal share of its chunk.
        assertEquals(List.of(
                new TimedWord("Alpha", 1, 0, 0, 5, 0, chunk / 2),
                new TimedWord("beta,", 1, 0, 6, 11, chunk / 2, chunk),
                new TimedWord("gamma", 1, 0, 12, 17, secondChunk, secondChunk + chunk / 2),
                new TimedWord("delta.", 1, 0, 18, 24, secondChunk + chunk / 2, secondChunk + chunk)), sentence.words());
        assertEquals(0, sentence.startMillis());
        assertEquals(secondChunk + chunk, sentence.endMillis());
    }

    @Test
    void speakersAreLevelledToTheTargetLoudnessInTheFileOnDisk() throws IOException {
        pipeline.loudnessTarget = "-20";
        SineEngine sines = new SineEngine();
        Voice quiet = new Voice("quiet", "sine", "en-US", RATE, "test voice");
        Voice loud = new Voice("loud", "sine", "en-US", RATE, "test voice");
        Map<Integer, SpeakerVoice> cast = Map.of(1, new SpeakerVoice(quiet, sines), 2, new SpeakerVoice(loud, sines));

        pipeline.speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three. Four."), new Turn(1, "Five.")), cast, 1.0,
                files, this::record);

        short[] pcm = pcm(target);
        List<TimedSentence> sentences = sentences(files.timeline());
        for (int speaker : new int[] {1, 2}) {
            LoudnessMeter meter = new LoudnessMeter(RATE);
            for (TimedSentence sentence : sentences) {
                if (sentence.speaker() == speaker) {
                    int from = (int) (sentence.startMillis() * RATE / 1000);
                    int to = (int) (sentence.endMillis() * RATE / 1000);
                    meter.accept(Arrays.copyOfRange(pcm, from, to), 0, to - from);
                }
            }
            assertEquals(-20, meter.integrated(), 0.5, "speaker " + speaker);
        }
    }

    @Test
    void levellingOnASecondThreadWritesTheSameFileAsOnTheJobsThread() throws Exception {
        pipeline.loudnessTarget = "-20";
        SineEngine sines = new SineEngine();
        Map<Integer, SpeakerVoice> cast = Map.of(1, new SpeakerVoice(new Voice("quiet", "sine", "en-US", RATE, "test voice"), sines),
                2, new SpeakerVoice(new Voice("loud", "sine", "en-US", RATE, "test voice"), sines));
        List<Turn> turns = List.of(new Turn(1, "One. Two."), new Turn(2, "Three. Four."), new Turn(1, "Five."));
        pipeline.speak(turns, cast, 1.0, files, this::record);
        short[] onTheJobsThread = pcm(target);
        List<String> progress = List.copyOf(checkpoints);
        checkpoints.clear();

        java.util.concurrent.ExecutorService second = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            pipeline.executor = second;
            pipeline.speak(turns, cast, 1.0, files, this::record);
        } finally {
            second.shutdown();
        }

        assertArrayEquals(onTheJobsThread, pcm(target));
        assertEquals(progress, checkpoints, "progress counts the audio the same way");
    }

    @Test
    void aJobStoppedWhileAChunkIsBeingWrittenLeavesNoFile() throws Exception {
        pipeline.loudnessTarget = "-20";
        SineEngine sines = new SineEngine();
        Map<Integer, SpeakerVoice> cast = Map.of(1, new SpeakerVoice(new Voice("quiet", "sine", "en-US", RATE, "test voice"), sines));
        java.util.concurrent.ExecutorService second = java.util.concurrent.Executors.newSingleThreadExecutor();
        Checkpoint cancelAfterFirst = (done, total, seconds) -> {
            if (done == 1) {
                throw new SynthesisStopped(SynthesisStopped.Reason.CANCELLED, "cancelled");
            }
        };
        try {
            pipeline.executor = second;
            assertThrows(SynthesisStopped.class, () -> pipeline.speak(List.of(new Turn(1, "One. Two. Three.")), cast, 1.0,
                    files, cancelAfterFirst));
        } finally {
            second.shutdown();
        }

        assertFalse(Files.exists(temp) || Files.exists(target), "no audio, whole or partial");
        assertFalse(Files.exists(files.timelineTemp()) || Files.exists(files.timeline()), "no timeline");
    }

    @Test
    void raisingASpeakerLimitsItsPeaksToMinusOneDbfsInsteadOfClipping() throws IOException {
        pipeline.loudnessTarget = "-1";  // a sine there peaks above full scale
        SineEngine sines = new SineEngine();
        Voice quiet = new Voice("quiet", "sine", "en-US", RATE, "test voice");

        pipeline.speak(List.of(new Turn(1, "One. Two.")), Map.of(1, new SpeakerVoice(quiet, sines)), 1.0, files, this::record);

        int peak = 0;
        for (short sample : pcm(target)) {
            peak = Math.max(peak, Math.abs(sample));
        }
        assertEquals(32767 * Math.pow(10, -1 / 20.0), peak, 40, "peaks limited to -1 dBFS");
    }

    /** Speaks each chunk as a second of a 440 Hz sine, quiet (0.05) or loud (0.5) by voice. */
    static final class SineEngine implements SpeechEngine {
        @Override
        public String name() {
            return "sine";
        }

        @Override
        public List<Voice> voices() {
            return List.of();
        }

        @Override
        public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop) throws IOException {
            double amplitude = voice.id().equals("loud") ? 0.5 : 0.05;
            short[] samples = new short[RATE];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * 440 * i / RATE));
            }
            sink.accept(samples, 0, samples.length);
        }

        @Override
        public void close() {
        }
    }

    private static List<TimedSentence> sentences(Path timeline) throws IOException {
        List<TimedSentence> sentences = new ArrayList<>();
        try (TimelineReader reader = TimelineReader.open(timeline).orElseThrow()) {
            for (var next = reader.next(); next.isPresent(); next = reader.next()) {
                sentences.add(next.get());
            }
        }
        return sentences;
    }

    @Test
    void ssmlBreaksMarksRatesVolumesAndAliasesReachTheAudioAndTheTimeline() throws IOException {
        engine.reportWords = true;
        List<Turn> turns = new SsmlParser(4, 10_000, null).parse("ssml", "<speak>One.<mark name=\"m\"/>"
                + "<break time=\"500ms\"/><prosody rate=\"200%\" volume=\"-6dB\">Two.</prosody> "
                + "<sub alias=\"World Wide Web\">WWW</sub> rocks.</speak>", 1);

        pipeline.speak(turns, cast(alice, bob), 1.0, files, this::record);

        assertEquals(List.of("alice: One.", "alice: Two.", "alice: World Wide Web rocks."), engine.spoken);
        assertEquals(List.of(1.0, 2.0, 1.0), engine.speeds);
        short[] softer = tone(2);
        Arrays.fill(softer, (short) Math.round(ToneEngine.level(2) * Math.pow(10, -6 / 20.0)));
        assertArrayEquals(concat(tone(1), silence(500 * RATE / 1000), softer, silence(SENTENCE_PAUSE), tone(3)),
                pcm(target));

        try (TimelineReader timeline = TimelineReader.open(files.timeline()).orElseThrow()) {
            List<TimedSentence> sentences = new ArrayList<>();
            for (var next = timeline.next(); next.isPresent(); next = timeline.next()) {
                sentences.add(next.get());
            }
            assertEquals(List.of("One.", "Two.", "WWW rocks."), sentences.stream().map(TimedSentence::text).toList());
            long chunk = CHUNK_SAMPLES * 1000L / RATE;
            long third = 2 * chunk + 500 + SENTENCE_PAUSE * 1000L / RATE;
            long share = chunk / 4;
            // The alias's three spoken words are the one written word they stand for.
            assertEquals(List.of(new TimedWord("WWW", 1, 0, 10, 13, third, third + 3 * share),
                    new TimedWord("rocks.", 1, 0, 14, 20, third + 3 * share, third + 4 * share)), sentences.get(2).words());
            assertEquals(List.of(new TimedMark("m", 0, 4, chunk)), timeline.marks());
        }
    }

    @Test
    void speedIsPassedToTheEngine() throws IOException {
        speak(List.of(new Turn(1, "One. Two."), new Turn(2, "Three.")), 1.75);

        assertEquals(List.of(1.75, 1.75, 1.75), engine.speeds);
    }

    @Test
    void voicesOfDifferentRatesAreResampledToTheHighest() throws IOException {
        Voice wide = new Voice("wide", "tone", "en-US", 22050, "test voice");

        SpokenAudio audio = pipeline.speak(List.of(new Turn(1, "One."), new Turn(2, "Two.")), cast(alice, wide), 1.0,
                files, this::record);

        assertEquals(22050, audio.sampleRate());
        assertEquals(22050, WavInfo.read(target).sampleRate());
        short[] pcm = pcm(target);
        int resampled = 2205;  // 1600 samples at 16 kHz are 0.1 s
        int turnPause = 600 * 22050 / 1000;
        assertEquals(resampled + turnPause + CHUNK_SAMPLES, pcm.length);
        // The lower voice's tone keeps its level away from the resampler's edges.
        assertEquals(1000, pcm[resampled / 2], 20);
        assertArrayEquals(silence(turnPause), Arrays.copyOfRange(pcm, resampled, resampled + turnPause));
        assertArrayEquals(tone(2), Arrays.copyOfRange(pcm, resampled + turnPause, pcm.length));
    }

    @Test
    void refusesAJobWithoutVoices() {
        assertThrows(IllegalArgumentException.class, () -> pipeline.speak(List.of(new Turn(1, "One.")), Map.of(), 1.0,
                files, this::record));
    }

    @Test
    void aJobStoppedAfterKeepingSegmentsContinuesFromTheLastOneToTheSameAudioAndTimeline() throws IOException {
        pipeline.loudnessTarget = "-16";
        pipeline.segmentSeconds = 1;
        engine.levelFromText = true;
        engine.reportWords = true;
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            turns.add(new Turn(i % 2 + 1, "Sentence number " + i + " is here. And its echo " + (i * 7) + "."));
        }
        pipeline.speak(turns, cast(alice, bob), 1.0, files, (done, total, seconds) -> { });
        byte[] whole = Files.readAllBytes(target);
        byte[] wholeTimeline = Files.readAllBytes(files.timeline());
        int chunks = engine.spoken.size();
        Files.delete(target);
        Files.delete(files.timeline());

        // Kept segments, and a stop one chunk after the third was kept.
        List<byte[]> keptAudio = new ArrayList<>();
        List<byte[]> keptTimeline = new ArrayList<>();
        List<Segment> kept = new ArrayList<>();
        Checkpoint keepsTwoThenDies = new Checkpoint() {
            @Override
            public void reached(int done, int total, double seconds) {
                if (kept.size() == 3 && done > kept.get(2).chunksDone()) {
                    throw new SynthesisStopped(SynthesisStopped.Reason.LOST, "the node died");
                }
            }

            @Override
            public void segmentDone(Segment segment) throws IOException {
                keptAudio.add(range(files.audioTemp(), segment.audioFrom(), segment.audioTo()));
                keptTimeline.add(range(files.timelineTemp(), segment.timelineFrom(), segment.timelineTo()));
                kept.add(segment);
            }
        };
        assertThrows(SynthesisStopped.class, () -> pipeline.speak(turns, cast(alice, bob), 1.0, files, keepsTwoThenDies));
        assertEquals(3, kept.size());
        assertEquals(0, kept.get(0).audioFrom());
        assertEquals(kept.get(0).audioTo(), kept.get(1).audioFrom(), "segments follow each other");

        // Another attempt: the kept segments are its temporary files' start, and it speaks only the rest.
        Files.write(files.audioTemp(), concat(keptAudio));
        Files.write(files.timelineTemp(), concat(keptTimeline));
        engine.spoken.clear();
        ResumePoint point = ResumePoint.fromJson(kept.get(2).after(List.of(1, 1, 1)).toJson());
        List<String> progress = new ArrayList<>();
        pipeline.speak(turns, cast(alice, bob), 1.0, files, (done, total, seconds) -> progress.add(done + "/" + total),
                Optional.of(point));

        assertEquals(chunks - point.chunksDone(), engine.spoken.size(), "only the chunks after the last segment are spoken");
        assertEquals(point.chunksDone() + "/" + chunks, progress.get(0), "progress starts where the segments end");
        assertArrayEquals(whole, Files.readAllBytes(target), "the same audio, sample for sample");
        assertArrayEquals(wholeTimeline, Files.readAllBytes(files.timeline()), "the same timeline");
    }

    @Test
    void anEngineThatCarriesStateStartsAfreshEverySixteenChunksAndSegmentsAreCutOnlyThere() throws IOException {
        pipeline.segmentSeconds = 1;
        engine.stateful = true;
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            turns.add(new Turn(1, "Sentence " + i + "."));
        }
        List<Segment> kept = new ArrayList<>();
        Checkpoint keeps = new Checkpoint() {
            @Override
            public void reached(int done, int total, double seconds) {
            }

            @Override
            public void segmentDone(Segment segment) {
                kept.add(segment);
            }
        };

        pipeline.speak(turns, cast(alice, bob), 1.0, files, keeps);

        List<Integer> freshBefore = new ArrayList<>();
        int chunk = 0;
        for (String spoken : engine.spoken) {
            if (spoken.equals("(afresh)")) {
                freshBefore.add(chunk + 1);
            } else {
                chunk++;
            }
        }
        assertEquals(List.of(1, 17, 33), freshBefore);
        assertEquals(List.of(16, 32), kept.stream().map(Segment::chunksDone).toList(),
                "a job continues only where its engine starts afresh");
    }

    @Test
    void aCheckpointOfAnotherPlanIsNotContinued() throws IOException {
        pipeline.segmentSeconds = 1;
        engine.levelFromText = true;
        List<Turn> turns = List.of(new Turn(1, "One. Two. Three."));
        Files.write(files.audioTemp(), new byte[1000]);
        ResumePoint otherPlan = new ResumePoint("another plan", List.of(1), 2, 1, 478, Map.of());

        pipeline.speak(turns, cast(alice, bob), 1.0, files, (done, total, seconds) -> { }, Optional.of(otherPlan));

        assertEquals(3, engine.spoken.size(), "everything is spoken from the start");
        assertEquals(WavWriter.HEADER_BYTES + 3L * CHUNK_SAMPLES * 2 + 2L * SENTENCE_PAUSE * 2, Files.size(target));
    }

    private static byte[] range(Path file, long from, long to) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(file), (int) from, (int) to);
    }

    private static byte[] concat(List<byte[]> parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private SpokenAudio speak(List<Turn> turns, double speed) throws IOException {
        return pipeline.speak(turns, cast(alice, bob), speed, files, this::record);
    }

    private void record(int done, int total, double seconds) {
        checkpoints.add(done + "/" + total + " at " + Math.round(seconds * RATE));
    }

    private Map<Integer, SpeakerVoice> cast(Voice one, Voice two) {
        return Map.of(1, new SpeakerVoice(one, engine), 2, new SpeakerVoice(two, engine));
    }

    /** The samples of the n-th chunk the engine spoke. */
    private static short[] tone(int n) {
        short[] samples = new short[CHUNK_SAMPLES];
        Arrays.fill(samples, ToneEngine.level(n));
        return samples;
    }

    private static short[] silence(int samples) {
        return new short[samples];
    }

    private static short[] concat(short[]... parts) {
        short[] all = new short[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The PCM of a WAV file as WavWriter writes it: a 44-byte header, then 16-bit little-endian samples. */
    private static short[] pcm(Path wav) throws IOException {
        byte[] bytes = Files.readAllBytes(wav);
        short[] samples = new short[(bytes.length - WavWriter.HEADER_BYTES) / 2];
        ByteBuffer.wrap(bytes, WavWriter.HEADER_BYTES, bytes.length - WavWriter.HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /**
     * Speaks every chunk as {@value #CHUNK_SAMPLES} samples of one level, the n-th chunk at
     * {@code n × 1000}, in two pieces as a streaming engine would.
     */
    static final class ToneEngine implements SpeechEngine {

        final List<String> spoken = new ArrayList<>();
        final List<Double> speeds = new ArrayList<>();
        String failOn;
        /** Whether it reports words, each an equal share of the chunk. */
        boolean reportWords;
        /** Whether a chunk's sound depends on its text only, not on how many chunks came before. */
        boolean levelFromText;
        /** Whether it claims to carry state between calls, as espeak-ng does; fresh starts are recorded. */
        boolean stateful;

        @Override
        public boolean carriesStateBetweenCalls() {
            return stateful;
        }

        @Override
        public void startAfresh() {
            spoken.add("(afresh)");
        }

        static short level(int n) {
            return (short) (n * 1000);
        }

        @Override
        public String name() {
            return "tone";
        }

        @Override
        public List<Voice> voices() {
            return List.of();
        }

        @Override
        public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop) throws IOException {
            if (text.equals(failOn)) {
                throw new SynthesisException(SynthesisException.INFERENCE_FAILED, "the engine failed on " + text);
            }
            spoken.add(voice.id() + ": " + text);
            speeds.add(speed);
            short[] samples = new short[CHUNK_SAMPLES];
            if (levelFromText) {
                // A square wave whose level the text alone decides: the same chunk sounds the same in any run.
                short level = (short) (1000 + Math.floorMod(text.hashCode(), 12000));
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = (short) ((i / 20) % 2 == 0 ? level : -level);
                }
            } else {
                Arrays.fill(samples, level(spoken.size()));
            }
            sink.accept(samples, 0, CHUNK_SAMPLES / 4);
            sink.accept(samples, CHUNK_SAMPLES / 4, CHUNK_SAMPLES - CHUNK_SAMPLES / 4);
        }

        @Override
        public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop, WordSink words)
                throws IOException {
            synthesize(voice, text, speed, sink, stop);
            if (reportWords) {
                String[] split = text.split(" ");
                long share = CHUNK_SAMPLES * 1000L / RATE / split.length;
                int at = 0;
                for (int i = 0; i < split.length; i++) {
                    words.word(at, at + split[i].length(), i * share, (i + 1) * share);
                    at += split[i].length() + 1;
                }
            }
        }

        @Override
        public TimestampPrecision timestampPrecision() {
            return reportWords ? TimestampPrecision.WORD : TimestampPrecision.SENTENCE;
        }

        @Override
        public void close() {
        }
    }
}
