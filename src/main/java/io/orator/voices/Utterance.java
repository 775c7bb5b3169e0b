package io.orator.voices;

import java.util.List;

/**
 * A chunk of text with how to say it beyond the voice and speed: for engines that can change
 * pitch, speak another language or take phonemes. Engines that cannot speak the text as written.
 *
 * @param text           what to say
 * @param pitch          pitch factor, 1 for the voice's own
 * @param language       a BCP 47 language for the text, or {@code null} for the voice's own
 * @param pronunciations stretches of {@code text} to say as the given IPA, in order, not overlapping
 */
public record Utterance(String text, double pitch, String language, List<Pronunciation> pronunciations) {

    public Utterance {
        pronunciations = List.copyOf(pronunciations);
    }

    /** Text said as written, by the voice as it is. */
    public static Utterance plain(String text) {
        return new Utterance(text, 1, null, List.of());
    }

    /**
     * {@code text[start, end)} is pronounced as {@code ipa}.
     *
     * @param ipa IPA phonemes, as {@code <phoneme alphabet="ipa">} gives them
     */
    public record Pronunciation(int start, int end, String ipa) {
    }
}
