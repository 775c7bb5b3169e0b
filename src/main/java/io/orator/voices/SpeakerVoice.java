package io.orator.voices;


/** The voice one speaker of a job speaks with, and the engine that produces it. */
public record SpeakerVoice(Voice voice, SpeechEngine engine) {
}
