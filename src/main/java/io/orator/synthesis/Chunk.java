package io.orator.synthesis;

/**
 * A piece of a turn small enough for one inference call.
 *
 * @param text        trimmed, never empty
 * @param sentenceEnd whether the chunk ends a sentence (a longer pause follows) rather than a clause
 */
public record Chunk(String text, boolean sentenceEnd) {
}
