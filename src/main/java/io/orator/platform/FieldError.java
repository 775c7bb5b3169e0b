package io.orator.platform;

/** One invalid input field in a validation problem: which field, and what is wrong with it. */
public record FieldError(String field, String message) {
}
