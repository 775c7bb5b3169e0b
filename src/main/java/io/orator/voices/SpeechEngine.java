package io.orator.voices;

import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;

/**
 * The engine SPI: every way Orator turns text into audio (espeak-ng, DJL PyTorch, DJL ONNX)
 * implements this. An engine owns its native resources and releases them in {@link #close()}.
 */
public interface SpeechEngine extends AutoCloseable {

    /** Engine name as shown in the voice listing, e.g. {@code espeak-ng}. */
    String name();

    /** The voices this engine offers; stable for the engine's lifetime. */
    List<Voice> voices();

    /**
     * Speaks one chunk of text (a sentence or clause) with the given voice and streams the
     * PCM to {@code sink} at {@link Voice#sampleRate()}.
     *
     * @param speed 1.0 is the voice's natural rate, 0.25..4.0 allowed
     * @param stop  asked while the chunk is spoken; whatever it throws ends the call
     * @throws SynthesisException when the engine fails on this chunk
     * @throws IOException        when the sink fails
     */
    void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop) throws IOException;

    /**
     * Speaks one chunk as {@link #synthesize(Voice, String, double, PcmSink, StopCheck)} does, and
     * tells {@code words} where each word falls in the chunk's audio, when the engine knows
     * ({@link #timestampPrecision(Voice)} is {@link TimestampPrecision#WORD}); others ignore it.
     */
    default void synthesize(Voice voice, String text, double speed, PcmSink sink, StopCheck stop, WordSink words)
            throws IOException {
        synthesize(voice, text, speed, sink, stop);
    }

    /**
     * Speaks an {@link Utterance}: engines that can change pitch, switch language or take phonemes
     * do so; the others speak its text as written.
     */
    default void synthesize(Voice voice, Utterance utterance, double speed, PcmSink sink, StopCheck stop,
                            WordSink words) throws IOException {
        synthesize(voice, utterance.text(), speed, sink, stop, words);
    }

    /** How finely this engine's audio can be placed against its text. */
    default TimestampPrecision timestampPrecision() {
        return TimestampPrecision.SENTENCE;
    }

    /** How finely one of its voices can be placed: some models know their phonemes' durations, others do not. */
    default TimestampPrecision timestampPrecision(Voice voice) {
        return timestampPrecision();
    }

    /** Speaks a chunk that nobody stops midway. */
    default void synthesize(Voice voice, String text, double speed, PcmSink sink) throws IOException {
        synthesize(voice, text, speed, sink, StopCheck.NEVER);
    }

    /**
     * Whether what the engine speaks depends on what it spoke before (state its library keeps
     * from call to call), so that the same chunk can come out differently. Such an engine is
     * started afresh ({@link #startAfresh}) at the points a job may later continue from, so a
     * continued job sounds exactly as an uninterrupted one.
     */
    default boolean carriesStateBetweenCalls() {
        return false;
    }

    /** Forgets everything spoken before: what comes next depends on its own text alone. */
    default void startAfresh() {
    }

    /** Memory of the GPU this engine runs on; empty on the CPU. */
    default Optional<MemoryUsage> gpuMemory() {
        return Optional.empty();
    }

    /** Gives memory the engine keeps cached on its GPU back to the driver; nothing on the CPU. */
    default void releaseGpuCache() {
    }

    /** Phonemes skipped since the engine started because their voice had no id for them. */
    default long skippedPhonemes() {
        return 0;
    }

    @Override
    void close();
}
