package io.orator.synthesis;

/**
 * Silences inserted between chunks, in milliseconds.
 *
 * @param clauseMillis   after a chunk that ends mid-sentence
 * @param sentenceMillis after a chunk that ends a sentence, within a turn
 * @param turnMillis     between two turns
 */
public record Pauses(int clauseMillis, int sentenceMillis, int turnMillis) {

    public static final int DEFAULT_CLAUSE_MILLIS = 80;
    public static final int DEFAULT_SENTENCE_MILLIS = 250;
    public static final int DEFAULT_TURN_MILLIS = 600;

    public static final Pauses DEFAULTS =
            new Pauses(DEFAULT_CLAUSE_MILLIS, DEFAULT_SENTENCE_MILLIS, DEFAULT_TURN_MILLIS);

    public Pauses {
        if (clauseMillis < 0 || sentenceMillis < 0 || turnMillis < 0) {
            throw new IllegalArgumentException("pauses cannot be negative");
        }
    }
}
