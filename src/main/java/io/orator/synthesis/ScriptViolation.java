package io.orator.synthesis;

/**
 * One thing wrong with a submitted script, in the shape of a problem's {@code errors} entry.
 *
 * @param field   the request field at fault, e.g. {@code script} or {@code turns[2].speaker}
 * @param message a sentence a person can act on
 */
public record ScriptViolation(String field, String message) {
}
