package io.orator.synthesis;

/**
 * One speaker's uninterrupted stretch of text.
 *
 * @param speaker the speaker number, 1-based as in the script's {@code Speaker N:} tags
 * @param text    what the speaker says
 */
public record Turn(int speaker, String text) {
}
