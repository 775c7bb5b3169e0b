package io.orator.synthesis;

import java.nio.file.Path;

/** The finished audio of a job: where it is and what it holds. */
public record SpokenAudio(Path file, long bytes, double seconds, int sampleRate, int chunks) {
}
