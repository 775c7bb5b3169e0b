import io.orator.synthesis.JobFiles;
import io.orator.synthesis.SpokenAudio;
import io.orator.synthesis.SynthesisPipeline;
import io.orator.synthesis.Turn;
import io.orator.voices.EngineTurns;
import io.orator.voices.PcmSink;
import io.orator.voices.SpeakerVoice;
import io.orator.voices.SpeechEngine;
import io.orator.voices.StopCheck;
import io.orator.voices.TimestampPrecision;
import io.orator.voices.Voice;
import io.orator.voices.WordSink;
import io.orator.voices.espeak.EspeakEngine;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What word timestamps and loudness levelling cost a long espeak-ng job: the job's pipeline run
 * in-process on a four-speaker script of about {@code minutes} of audio, rounds alternating
 * between three modes, the median and best time of each reported (the overheads from the medians):
 * <ul>
 * <li>{@code baseline}: no word times (the engine is asked for none) and loudness off; the
 * timeline still gets its sentence lines, one per sentence;</li>
 * <li>{@code words}: word times as jobs have them, loudness off;</li>
 * <li>{@code words+loudness}: as jobs run by default (word times, levelled to −16 LUFS), each
 * chunk levelled and written on a second thread while the next is spoken, as the server does;</li>
 * <li>{@code words+loudness-one-thread}: the same on the job's thread alone, the CPU it costs.</li>
 * </ul>
 * Prints one JSON line per mode and one with the overheads in percent of the baseline.
 *
 * Usage: java -cp <test classpath>:target/classes bench/TimingLoudnessCost.java <data dir> [minutes] [rounds]
 */
public class TimingLoudnessCost {

    private static final String[] VOICES = {"en-us-f3", "en-us-m7", "en-us-f5", "en-us-m1"};
    private static final String[] WORDS = ("the lighthouse keeper climbed spiral stairs every evening at dusk counting"
            + " steps as his father had taught him while a small team rebuilt an old radio and measured the quiet"
            + " hours before dawn with 1,250 careful notes").split(" ");

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(data);
        List<Turn> turns = script(minutes);
        try (EspeakEngine espeak = new EspeakEngine(data.resolve("espeak"))) {
            SpeechEngine wordless = new Wordless(espeak);
            String[] modes = {"baseline", "words", "words+loudness", "words+loudness-one-thread"};
            java.util.concurrent.ExecutorService second = java.util.concurrent.Executors.newSingleThreadExecutor();
            long[][] times = new long[modes.length][rounds];
            double audioSeconds = 0;
            for (int round = 0; round < rounds; round++) {
                for (int mode = 0; mode < modes.length; mode++) {
                    SynthesisPipeline pipeline = pipeline(mode >= 2 ? "-16" : "off");
                    set(pipeline, "executor", mode == 2 ? second : null);
                    Map<Integer, SpeakerVoice> cast = cast(mode == 0 ? wordless : espeak, espeak);
                    JobFiles files = new JobFiles(data.resolve("job.part"), data.resolve("job.wav"),
                            data.resolve("job.timeline.part"), data.resolve("job.timeline"));
                    long started = System.nanoTime();
                    SpokenAudio audio = pipeline.speak(turns, cast, 1.0, files, (done, total, seconds) -> { });
                    times[mode][round] = System.nanoTime() - started;
                    audioSeconds = audio.seconds();
                    System.err.printf("round %d %s: %.2f s%n", round + 1, modes[mode], (System.nanoTime() - started) / 1e9);
                }
            }
            double[] median = new double[modes.length];
            for (int mode = 0; mode < modes.length; mode++) {
                long[] sorted = times[mode].clone();
                java.util.Arrays.sort(sorted);
                median[mode] = (sorted[(rounds - 1) / 2] + sorted[rounds / 2]) / 2e9;
                System.out.printf("{\"mode\": \"%s\", \"audioSeconds\": %.1f, \"medianSeconds\": %.3f, \"bestSeconds\": %.3f, \"rounds\": %d}%n",
                        modes[mode], audioSeconds, median[mode], sorted[0] / 1e9, rounds);
            }
            System.out.printf("{\"wordsOverheadPercent\": %.2f, \"loudnessOverheadPercent\": %.2f, \"togetherPercent\": %.2f,"
                            + " \"togetherOnOneThreadPercent\": %.2f}%n",
                    100.0 * (median[1] - median[0]) / median[0], 100.0 * (median[2] - median[1]) / median[0],
                    100.0 * (median[2] - median[0]) / median[0], 100.0 * (median[3] - median[0]) / median[0]);
            second.shutdown();
        }
    }

    /** About {@code minutes} of four-speaker dialogue at espeak-ng's rate (some 15 characters a second). */
    private static List<Turn> script(int minutes) {
        Random random = new Random(7);
        List<Turn> turns = new ArrayList<>();
        int characters = 0;
        for (int line = 0; characters < minutes * 60 * 14; line++) {
            StringBuilder text = new StringBuilder();
            for (int sentence = 0; sentence < 3; sentence++) {
                int words = 6 + random.nextInt(14);
                for (int w = 0; w < words; w++) {
                    text.append(w == 0 ? "" : w % 7 == 0 ? ", " : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                text.append(". ");
            }
            String said = text.toString().strip();
            turns.add(new Turn(line % 4 + 1, Character.toUpperCase(said.charAt(0)) + said.substring(1)));
            characters += said.length();
        }
        return turns;
    }

    private static Map<Integer, SpeakerVoice> cast(SpeechEngine engine, EspeakEngine espeak) {
        Map<Integer, SpeakerVoice> cast = new java.util.HashMap<>();
        for (int speaker = 1; speaker <= 4; speaker++) {
            String id = VOICES[speaker - 1];
            Voice voice = espeak.voices().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
            cast.put(speaker, new SpeakerVoice(voice, engine));
        }
        return cast;
    }

    /** The job pipeline with the server's defaults; its settings are injected in the server, set here. */
    private static SynthesisPipeline pipeline(String loudness) throws ReflectiveOperationException {
        SynthesisPipeline pipeline = new SynthesisPipeline();
        set(pipeline, "engineTurns", new EngineTurns());
        set(pipeline, "maxChunkCharacters", 300);
        set(pipeline, "clausePauseMillis", 80);
        set(pipeline, "sentencePauseMillis", 250);
        set(pipeline, "turnPauseMillis", 600);
        set(pipeline, "loudnessTarget", loudness);
        return pipeline;
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** espeak-ng asked for no word times, as before jobs had them. */
    private record Wordless(EspeakEngine espeak) implements SpeechEngine {
        @Override
        public String name() {
            return espeak.name();
        }

        @Override
        public List<Voice> voices() {
            return espeak.voices();
        }

        @Override
        public void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop) throws IOException {
            espeak.synthesize(voice, text, speed, sink, stop, WordSink.NONE);
        }

        @Override
        public TimestampPrecision timestampPrecision() {
            return TimestampPrecision.SENTENCE;
        }

        @Override
        public void close() {
        }
    }
}
