package io.orator.synthesis.timing;

/**
 * A named point of an SSML document ({@code <mark name>}), placed in the audio.
 *
 * @param turn   the index of its turn in the job
 * @param at     where it stands in the turn's text (UTF-16 index)
 * @param millis when the audio reaches it
 */
public record TimedMark(String name, int turn, int at, long millis) {
}
