package io.orator.voices;

/**
 * Receives where each word of a chunk falls in the chunk's audio, from engines that know
 * ({@link TimestampPrecision#WORD}). Called while the chunk is spoken, in reading order.
 */
@FunctionalInterface
public interface WordSink {

    /** For callers that want no word times. */
    WordSink NONE = (textStart, textEnd, startMillis, endMillis) -> { };

    /**
     * One word.
     *
     * @param textStart   the word's first UTF-16 index in the chunk's text
     * @param textEnd     one past its last
     * @param startMillis when it starts, from the start of the chunk's audio
     * @param endMillis   when it ends (the next word's start, or the end of its clause)
     */
    void word(int textStart, int textEnd, long startMillis, long endMillis);
}
