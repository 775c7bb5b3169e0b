package io.orator.synthesis;

import io.orator.voices.SpeechEngine;
import io.orator.voices.Voice;

/** The voice one speaker of a job speaks with, and the engine that produces it. */
public record SpeakerVoice(Voice voice, SpeechEngine engine) {
}
