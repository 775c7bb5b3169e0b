package io.orator.platform;

/**
 * One invalid input field in a validation problem: which field, and what is wrong with it.
 *
 * @param line   for a field holding a document (SSML), the 1-based line of the fault; else {@code null}
 * @param column the 1-based column there; else {@code null}
 */
public record FieldError(String field, String message, Integer line, Integer column) {

    public FieldError(String field, String message) {
        this(field, message, null, null);
    }
}
