package io.orator.synthesis.timing;

import io.orator.voices.TimestampPrecision;
import java.util.List;

/**
 * Where one sentence of a job's text is heard, with its words when the voice reports them
 * ({@code precision} {@link TimestampPrecision#WORD}; empty otherwise).
 *
 * @param turn      the turn's index in the job's turns, from 0
 * @param textStart the sentence's first UTF-16 index in the turn's text
 * @param textEnd   one past its last
 */
public record TimedSentence(String text, int speaker, int turn, int textStart, int textEnd, long startMillis,
                            long endMillis, TimestampPrecision precision, List<TimedWord> words) {

    public TimedSentence {
        words = List.copyOf(words);
    }
}
