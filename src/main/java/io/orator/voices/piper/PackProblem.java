package io.orator.voices.piper;

import java.nio.file.Path;

/**
 * A voice pack an engine could not offer, for the voices listing and the log.
 *
 * @param pack   the pack's name
 * @param file   its model file
 * @param reason what is wrong, for a person
 */
public record PackProblem(String pack, Path file, String reason) {
}
