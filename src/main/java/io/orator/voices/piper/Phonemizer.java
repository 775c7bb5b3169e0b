package io.orator.voices.piper;

/** Text to IPA phonemes for a Piper voice; {@code EspeakEngine::phonemize} is the one Orator uses. */
@FunctionalInterface
public interface Phonemizer {

    String phonemize(String espeakVoice, String text);
}
