package io.orator.synthesis;

import io.orator.synthesis.loudness.LoudnessTarget;
import io.orator.synthesis.loudness.SpeakerLevels;
import io.orator.synthesis.timing.TimedWord;
import io.orator.synthesis.timing.TimelineWriter;
import io.orator.voices.EngineTurns;
import io.orator.voices.PcmSink;
import io.orator.voices.SpeakerVoice;
import io.orator.voices.SpeechEngine;
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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
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

    /**
     * With an engine that carries state between calls, it is started afresh before every this
     * many chunks: a job can continue only from such a point, and a reload costs espeak-ng a few
     * milliseconds, a few per cent spread over this many chunks. Engines without such state
     * make every chunk such a point.
     */
    public static final int CHUNKS_BETWEEN_FRESH_STARTS = 16;
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
     * Audio between two kept segments, in seconds: an interrupted job continues after its last
     * segment, so at most this much is spoken again. 0 keeps none.
     */
    @Inject
    @ConfigProperty(name = "orator.resume.segment-seconds", defaultValue = "60")
    int segmentSeconds;

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
        return speak(turns, cast, speed, files, checkpoint, Optional.empty());
    }

    /**
     * Speaks the job as {@link #speak(List, Map, double, JobFiles, Checkpoint)} does, continuing
     * from {@code resume} when it is a point of this very plan: the temporary files then hold
     * the audio and timeline before it, and only the steps after it are spoken. Every segment
     * length, at a sentence's end where the engines start afresh, a {@link Segment} is handed to
     * the checkpoint to keep.
     */
    public SpokenAudio speak(List<Turn> turns, Map<Integer, SpeakerVoice> cast, double speed, JobFiles files,
                             Checkpoint checkpoint, Optional<ResumePoint> resume) throws IOException {
        SynthesisPlan plan = SynthesisPlan.of(asScript(turns), new SentenceChunker(maxChunkCharacters),
                new Pauses(clausePauseMillis, sentencePauseMillis, turnPauseMillis));
        int sampleRate = outputRate(cast);
        int total = plan.chunkCount();
        OptionalDouble target = LoudnessTarget.parse(loudnessTarget);
        String planKey = planKey(plan, cast, speed, sampleRate);
        ResumePoint from = resume.filter(point -> point.plan().equals(planKey)).orElse(null);
        List<String> texts = turns.stream().map(Turn::text).toList();
        try (WavWriter wav = from == null ? WavWriter.create(files.audioTemp(), sampleRate)
                : WavWriter.resume(files.audioTemp(), sampleRate);
             TimelineWriter timeline = from == null ? TimelineWriter.create(files.timelineTemp(), texts, cast.size(),
                     precisionOf(cast)) : TimelineWriter.resume(files.timelineTemp(), texts);
             // Closed first, so a chunk still being written finishes before the file is closed.
             LevelledWriter levelled = target.isEmpty() ? null : new LevelledWriter(from == null
                     ? new SpeakerLevels(target.getAsDouble(), sampleRate)
                     : SpeakerLevels.restore(target.getAsDouble(), sampleRate, from.levels()), wav, levellingExecutor())) {
            if (from != null && wav.samplesWritten() != from.samples()) {
                throw new IOException("the kept audio holds " + wav.samplesWritten() + " samples, its checkpoint "
                        + from.samples());
            }
            Map<Integer, Resampler> toOutputRate = new HashMap<>();
            // Without levelling, a chunk's own volume is applied on the way to the file.
            Volume volume = new Volume(wav);
            // Where the audio has got to; with levelling, the file lags by the chunk being written.
            long samples = from == null ? 0 : from.samples();
            Segments segments = new Segments(from, wav, timeline, (long) segmentSeconds * sampleRate);
            List<SpeechEngine> stateful = cast.values().stream().map(SpeakerVoice::engine).distinct()
                    .filter(SpeechEngine::carriesStateBetweenCalls).toList();
            int freshEvery = stateful.isEmpty() ? 1 : CHUNKS_BETWEEN_FRESH_STARTS;
            checkpoint.reached(from == null ? 0 : from.chunksDone(), total, (double) samples / sampleRate);
            List<SynthesisPlan.Step> steps = plan.steps();
            for (int index = from == null ? 0 : from.step(); index < steps.size(); index++) {
                SynthesisPlan.Step step = steps.get(index);
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
                    boolean fresh = (chunk.number() - 1) % freshEvery == 0;
                    engineTurns.take(EngineTurns.Priority.JOB, () -> {
                        if (fresh) {
                            // In the same turn as the chunk: nothing else speaks in between.
                            stateful.forEach(SpeechEngine::startAfresh);
                        }
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
                    boolean nextIsFresh = chunk.number() % freshEvery == 0;
                    if (nextIsFresh && segments.due(samples, index + 1 < steps.size(), checkpoint.segmentWanted())) {
                        if (levelled != null) {
                            levelled.finishWriting();
                        }
                        checkpoint.segmentDone(segments.cut(planKey, index + 1, chunk.number(), samples,
                                levelled == null ? Map.of() : levelled.levelsState()));
                    }
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
     * What a job's audio is made from besides its turns: a checkpoint made under other settings,
     * voices or speed must not be continued, or the halves would not match.
     */
    private String planKey(SynthesisPlan plan, Map<Integer, SpeakerVoice> cast, double speed, int sampleRate) {
        StringBuilder key = new StringBuilder().append(plan.steps().size()).append('/').append(plan.chunkCount())
                .append("/chunk=").append(maxChunkCharacters)
                .append("/pauses=").append(clausePauseMillis).append(',').append(sentencePauseMillis).append(',').append(turnPauseMillis)
                .append("/loudness=").append(loudnessTarget).append("/speed=").append(speed).append("/rate=").append(sampleRate);
        new TreeMap<>(cast).forEach((speaker, voice) -> key.append('/').append(speaker).append('=')
                .append(voice.voice().id()).append('@').append(voice.voice().sampleRate()));
        return key.toString();
    }

    /**
     * Where the next segment starts and whether one ends here: after a chunk that ends a
     * sentence (no sentence is left half in the timeline) and before one the engines speak from a
     * fresh start (asked by the caller), once a segment length of audio has been spoken since the
     * last or the checkpoint wants one now, and never at the very end (the finished job keeps it all).
     */
    private static final class Segments {

        private final WavWriter wav;
        private final TimelineWriter timeline;
        private final long length;
        private int index;
        private long startSamples;
        private long audioFrom;
        private long timelineFrom;

        Segments(ResumePoint from, WavWriter wav, TimelineWriter timeline, long length) throws IOException {
            this.wav = wav;
            this.timeline = timeline;
            this.length = length;
            if (from != null) {
                index = from.segments().size();
                startSamples = from.samples();
                audioFrom = wav.flush();
                timelineFrom = timeline.flush();
            }
        }

        boolean due(long samples, boolean moreToCome, boolean wanted) {
            return moreToCome && timeline.betweenSentences()
                    && (wanted || length > 0 && samples - startSamples >= length);
        }

        /** Ends the segment here; the chunk in flight must already be written. */
        Segment cut(String plan, int nextStep, int chunksDone, long samples, Map<Integer, byte[]> levels) throws IOException {
            long audioTo = wav.flush();
            long timelineTo = timeline.flush();
            Segment segment = new Segment(index, audioFrom, audioTo, timelineFrom, timelineTo, plan, nextStep,
                    chunksDone, samples, levels);
            index++;
            startSamples = samples;
            audioFrom = audioTo;
            timelineFrom = timelineTo;
            return segment;
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
