package io.orator.synthesis;

import io.orator.synthesis.loudness.LoudnessTarget;
import io.orator.synthesis.loudness.SpeakerLevels;
import io.orator.synthesis.timing.TimedWord;
import io.orator.synthesis.timing.TimelineWriter;
import io.orator.voices.EngineTurns;
import io.orator.voices.PcmSink;
import io.orator.voices.SpeakerVoice;
import io.orator.voices.TimestampPrecision;
import io.orator.voices.WordSink;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Text to WAV, the path every job takes: plan the chunks and pauses, speak chunk by chunk into
 * one file at one sample rate, level the speakers' loudness, note where every sentence and word
 * is heard, stop at any checkpoint, publish the files only when complete. Memory stays bounded
 * by two chunks' audio whatever the script's length.
 */
@ApplicationScoped
public class SynthesisPipeline {

    private static final double MIN_SPEED = 0.25;
    private static final double MAX_SPEED = 4.0;

    /** Every chunk spoken takes a turn on the one engine: job chunks and speech requests alike. */
    @Inject
    EngineTurns engineTurns;

    @Inject
    @ConfigProperty(name = "orator.synthesis.max-chunk-characters", defaultValue = "" + SentenceChunker.DEFAULT_MAX_CHARACTERS)
    int maxChunkCharacters;

    @Inject
    @ConfigProperty(name = "orator.synthesis.pause.clause-millis", defaultValue = "" + Pauses.DEFAULT_CLAUSE_MILLIS)
    int clausePauseMillis;

    @Inject
    @ConfigProperty(name = "orator.synthesis.pause.sentence-millis", defaultValue = "" + Pauses.DEFAULT_SENTENCE_MILLIS)
    int sentencePauseMillis;

    @Inject
    @ConfigProperty(name = "orator.synthesis.pause.turn-millis", defaultValue = "" + Pauses.DEFAULT_TURN_MILLIS)
    int turnPauseMillis;

    /** Integrated loudness every job's speakers are levelled to, in LUFS, or {@code off}. */
    @Inject
    @ConfigProperty(name = "orator.loudness.target", defaultValue = LoudnessTarget.PODCAST)
    String loudnessTarget;

    /**
     * Levels and writes a job's chunks while the engine speaks the next one. Optional: without it
     * (outside a server) they are levelled on the job's own thread.
     */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    Executor executor;

    /** A mistyped loudness target stops the deployment with its reason, not every job later. */
    @PostConstruct
    void checkSettings() {
        LoudnessTarget.parse(loudnessTarget);
    }

    /**
     * Speaks {@code turns} into the job's audio file and, beside it, its timeline: where each
     * sentence (and word, where the voice reports words) is heard. Both are written to temporary
     * files first; the timeline is published before the audio, so finished audio always has one.
     *
     * @param cast       each speaker's voice
     * @param checkpoint called before the first and after every chunk, and asked during each; may stop the job
     */
    public SpokenAudio speak(List<Turn> turns, Map<Integer, SpeakerVoice> cast, double speed, JobFiles files,
                             Checkpoint checkpoint) throws IOException {
        SynthesisPlan plan = SynthesisPlan.of(asScript(turns), new SentenceChunker(maxChunkCharacters),
                new Pauses(clausePauseMillis, sentencePauseMillis, turnPauseMillis));
        int sampleRate = outputRate(cast);
        int total = plan.chunkCount();
        OptionalDouble target = LoudnessTarget.parse(loudnessTarget);
        try (WavWriter wav = WavWriter.create(files.audioTemp(), sampleRate);
             TimelineWriter timeline = TimelineWriter.create(files.timelineTemp(),
                     turns.stream().map(Turn::text).toList(), cast.size(), precisionOf(cast));
             // Closed first, so a chunk still being written finishes before the file is closed.
             LevelledWriter levelled = target.isEmpty() ? null : new LevelledWriter(
                     new SpeakerLevels(target.getAsDouble(), sampleRate), wav, levellingExecutor())) {
            Map<Integer, Resampler> toOutputRate = new HashMap<>();
            // Without levelling, a chunk's own volume is applied on the way to the file.
            Volume volume = new Volume(wav);
            List<String> texts = turns.stream().map(Turn::text).toList();
            // Where the audio has got to; with levelling, the file lags by the chunk being written.
            long samples = 0;
            checkpoint.reached(0, total, 0);
            for (SynthesisPlan.Step step : plan.steps()) {
                if (step instanceof SynthesisPlan.Pause pause) {
                    long silence = (long) pause.millis() * sampleRate / 1000;
                    if (levelled == null) {
                        wav.writeSilenceSamples(silence);
                    } else {
                        levelled.silence(silence);
                    }
                    samples += silence;
                } else if (step instanceof SynthesisPlan.Mark mark) {
                    timeline.mark(mark.name(), mark.turn(), mark.at(), samples * 1000 / sampleRate);
                } else if (step instanceof SynthesisPlan.Speak chunk) {
                    SpeakerVoice voice = cast.get(chunk.speaker());
                    Resampler sink = toOutputRate.computeIfAbsent(chunk.speaker(), s -> new Resampler(
                            voice.voice().sampleRate(), sampleRate, levelled == null ? volume : levelled));
                    volume.set(chunk.delivery().volumeDb());
                    long startMillis = samples * 1000 / sampleRate;
                    ChunkWords words = new ChunkWords(chunk, texts.get(chunk.turn()), startMillis);
                    double chunkSpeed = Math.max(MIN_SPEED, Math.min(MAX_SPEED, speed * chunk.delivery().rate()));
                    engineTurns.take(EngineTurns.Priority.JOB, () -> {
                        voice.engine().synthesize(voice.voice(), chunk.utterance(), chunkSpeed, sink,
                                checkpoint::stopIfDue, words);
                        return null;
                    });
                    sink.flush();
                    samples = levelled == null ? wav.samplesWritten()
                            : samples + levelled.chunkDone(chunk.speaker(), chunk.delivery().volumeDb());
                    timeline.chunk(chunk.speaker(), chunk.turn(), chunk.textStart(), chunk.textEnd(), chunk.sentenceEnd(),
                            startMillis, samples * 1000 / sampleRate, voice.engine().timestampPrecision(voice.voice()), words.placed());
                    checkpoint.reached(chunk.number(), total, (double) samples / sampleRate);
                }
            }
            if (levelled != null) {
                levelled.finishWriting();
            }
            timeline.finish(files.timeline(), wav.samplesWritten() * 1000 / sampleRate);
            long bytes = wav.finish(files.audio());
            return new SpokenAudio(files.audio(), bytes, wav.durationSeconds(), sampleRate, total);
        }
    }

    /**
     * A chunk's words as its engine reports them, placed in the job's text and audio. The words of
     * an alias or expansion ("World Wide Web" for "WWW") make one word of the text they stand for.
     */
    private static final class ChunkWords implements WordSink {
        private final SynthesisPlan.Speak chunk;
        private final String turnText;
        private final long chunkStartMillis;
        private final List<TimedWord> placed = new ArrayList<>();

        ChunkWords(SynthesisPlan.Speak chunk, String turnText, long chunkStartMillis) {
            this.chunk = chunk;
            this.turnText = turnText;
            this.chunkStartMillis = chunkStartMillis;
        }

        @Override
        public void word(int textStart, int textEnd, long startMillis, long endMillis) {
            int start = chunk.textAt(textStart, false);
            int end = Math.max(start, chunk.textAt(textEnd, true));
            // A respelled word ends where its written text does, punctuation included, like any other word.
            if (endsRespelling(end)) {
                while (end < chunk.textEnd() && !Character.isWhitespace(turnText.charAt(end))) {
                    end++;
                }
            }
            if (!placed.isEmpty() && placed.get(placed.size() - 1).textStart() == start) {
                TimedWord last = placed.remove(placed.size() - 1);
                placed.add(new TimedWord(last.text(), last.speaker(), last.turn(), last.textStart(),
                        Math.max(last.textEnd(), end), last.startMillis(), chunkStartMillis + endMillis));
                return;
            }
            placed.add(new TimedWord(turnText.substring(start, end), chunk.speaker(), chunk.turn(), start, end,
                    chunkStartMillis + startMillis, chunkStartMillis + endMillis));
        }

        List<TimedWord> placed() {
            return placed;
        }

        private boolean endsRespelling(int end) {
            return chunk.respellings().stream().anyMatch(r -> r.textEnd() == end);
        }
    }

    private Executor levellingExecutor() {
        return executor == null ? Runnable::run : executor;
    }

    /** Word precision when every voice of the job gives it. */
    private static TimestampPrecision precisionOf(Map<Integer, SpeakerVoice> cast) {
        return cast.values().stream().allMatch(v -> v.engine().timestampPrecision(v.voice()) == TimestampPrecision.WORD)
                ? TimestampPrecision.WORD : TimestampPrecision.SENTENCE;
    }

    /**
     * Speaks {@code text} with one voice straight into {@code out} at {@code outputRate}, chunk
     * by chunk, each chunk as an interactive turn on the engine (ahead of the next chunk of a
     * running job), and calls {@code chunkDone} after each so the caller can send it on.
     * Memory stays bounded by one chunk's audio.
     *
     * @return the seconds of audio spoken
     */
    public double stream(String text, SpeakerVoice voice, double speed, int outputRate, PcmSink out,
                         ChunkDone chunkDone) throws IOException {
        SynthesisPlan plan = SynthesisPlan.of(asScript(List.of(new Turn(1, text))), new SentenceChunker(maxChunkCharacters),
                new Pauses(clausePauseMillis, sentencePauseMillis, turnPauseMillis));
        SampleCounter counted = new SampleCounter(out);
        Resampler sink = new Resampler(voice.voice().sampleRate(), outputRate, counted);
        short[] silence = new short[outputRate / 10];
        for (SynthesisPlan.Step step : plan.steps()) {
            if (step instanceof SynthesisPlan.Pause pause) {
                for (long left = (long) pause.millis() * outputRate / 1000; left > 0; left -= silence.length) {
                    counted.accept(silence, 0, (int) Math.min(left, silence.length));
                }
            } else if (step instanceof SynthesisPlan.Speak chunk) {
                engineTurns.take(EngineTurns.Priority.INTERACTIVE, () -> {
                    voice.engine().synthesize(voice.voice(), chunk.text(), speed, sink);
                    return null;
                });
                sink.flush();
                chunkDone.sent();
            }
        }
        return counted.samples / (double) outputRate;
    }

    /** Called after each chunk of a stream: the audio so far may leave. */
    @FunctionalInterface
    public interface ChunkDone {
        void sent() throws IOException;
    }

    /** Counts the samples that pass, for the stream's duration. */
    private static final class SampleCounter implements PcmSink {
        private final PcmSink target;
        private long samples;

        SampleCounter(PcmSink target) {
            this.target = target;
        }

        @Override
        public void accept(short[] buffer, int offset, int length) throws IOException {
            samples += length;
            target.accept(buffer, offset, length);
        }
    }

    /** The highest rate among the job's voices: no voice loses quality, lower ones are resampled up. */
    private static int outputRate(Map<Integer, SpeakerVoice> cast) {
        return cast.values().stream().mapToInt(v -> v.voice().sampleRate()).max()
                .orElseThrow(() -> new IllegalArgumentException("a job needs at least one voice"));
    }

    private static ParsedScript asScript(List<Turn> turns) {
        List<Integer> speakers = turns.stream().map(Turn::speaker).distinct().toList();
        int characters = turns.stream().mapToInt(t -> t.text().codePointCount(0, t.text().length())).sum();
        return new ParsedScript(turns, speakers, characters);
    }
}
