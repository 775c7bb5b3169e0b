package io.orator.synthesis.timing;

/**
 * Where one word of a job's text is heard.
 *
 * @param turn        the turn's index in the job's turns, from 0
 * @param textStart   the word's first UTF-16 index in the turn's text
 * @param textEnd     one past its last
 * @param startMillis from the start of the job's audio
 */
public record TimedWord(String text, int speaker, int turn, int textStart, int textEnd, long startMillis, long endMillis) {
}
