package io.orator.synthesis;

import java.nio.file.Path;

/**
 * Where one attempt at a job writes: its audio and its timeline, each first to a temporary file
 * and published when complete.
 */
public record JobFiles(Path audioTemp, Path audio, Path timelineTemp, Path timeline) {
}
